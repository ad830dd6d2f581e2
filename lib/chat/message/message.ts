import { z } from "zod";

/**
 * The one message type, shared by the server action, the page, the store and the API mapping. Only `user` and `assistant`: the system prompt is the server's, so a client can never
 * send one.
 */
export const messageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  /**
   * Who said it, when a conversation has several participants (lib/chat/participants.ts); absent
   * for the user and for a plain chat's one assistant.
   */
  name: z.string().trim().min(1).max(40).optional(),
});

export type Message = z.infer<typeof messageSchema>;
export type Role = Message["role"];
