import { z } from "zod";

/**
 * A message as the seed's contract has it (`{ role, content }`): what the server action
 * `continueConversation` takes and returns, and what `/basic` shows. Only `user` and `assistant`:
 * the system prompt is the server's, so a client can never send one. The streaming chat stores
 * richer messages (lib/store: parts, a parent, a speaker) whose `content` is this text.
 */
export const messageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  /**
   * Who said it, when a conversation has several participants (lib/chat/participants); absent
   * for the user and for a plain chat's one assistant.
   */
  name: z.string().trim().min(1).max(40).optional(),
});

export type Message = z.infer<typeof messageSchema>;
