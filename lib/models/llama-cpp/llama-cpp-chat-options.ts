import { z } from "zod";

/** `providerOptions.llamaCpp`: sampling controls that the AI SDK's call options do not name. */
export const llamaCppChatOptionsSchema = z.object({
  /** Discard candidates below this fraction of the top token's probability (0..1). */
  minP: z.number().min(0).max(1).optional(),
  /** Penalty for repeating recent tokens; 1 disables. */
  repeatPenalty: z.number().positive().optional(),
});

export type LlamaCppChatOptions = z.infer<typeof llamaCppChatOptionsSchema>;
