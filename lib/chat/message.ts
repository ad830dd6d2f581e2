import { z } from "zod";

/**
 * The one message type, shared by the server action, the page, and (later) the store and the API
 * mapping. Only `user` and `assistant`: the system prompt is the server's, so a client can never
 * send one.
 */
export const messageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
});

export type Message = z.infer<typeof messageSchema>;
export type Role = Message["role"];
