import { z } from "zod";

/** `providerOptions.llamaCpp`: controls that the AI SDK's call options do not name. */
export const llamaCppChatOptionsSchema = z.object({
  /** Discard candidates below this fraction of the top token's probability (0..1). */
  minP: z.number().min(0).max(1).optional(),
  /** Penalty for repeating recent tokens; 1 disables. */
  repeatPenalty: z.number().positive().optional(),
  /**
   * A conversation that does not fit the context: `error` (default) refuses it; `trim-oldest`
   * drops its oldest turns (never the system message or the last user message), many at once, so
   * that the next turns keep the same start and reuse the cache. The result's
   * `providerMetadata.llamaCpp.droppedMessages` says how many were dropped.
   */
  overflow: z.enum(["error", "trim-oldest"]).optional(),
  /**
   * With `maxOutputTokens`: when the prompt leaves less room than that, the reply gets what is
   * left of the context instead of the call being refused (`context-length-exceeded`). The /v1
   * API sets it when its own cap stands in for a max_tokens the client did not send.
   */
  shortenReplyToFit: z.boolean().optional(),
  /** At most this many calls per reply when false: one (OpenAI's `parallel_tool_calls`). */
  parallelToolCalls: z.boolean().optional(),
  /**
   * A reasoning model's thinking: `"off"`, or at most this many tokens (the thought is then
   * closed and the answer follows). Wins over the call's `reasoning` effort.
   */
  thinking: z.union([z.literal("off"), z.number().int().min(0)]).optional(),
  /**
   * Whose request this is, for the prompt cache (a page's owner, an API key's id): requests of
   * different owners never reuse, nor hear of, each other's cached prefixes. Absent: the
   * anonymous owner "", shared by every request that names none.
   */
  cacheOwner: z.string().optional(),
});

export type LlamaCppChatOptions = z.infer<typeof llamaCppChatOptionsSchema>;
