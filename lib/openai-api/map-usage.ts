import type { LanguageModelV4Usage } from "@ai-sdk/provider";

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Prompt tokens reused from the cache, not evaluated again; present when the model reports it. */
  prompt_tokens_details?: { cached_tokens: number };
  /** Of the completion tokens, those a reasoning model spent thinking. */
  completion_tokens_details?: { reasoning_tokens: number };
}

/** Token counts as the model reported them; a count the model did not report is 0. */
export function mapUsage(usage: LanguageModelV4Usage): OpenAIUsage {
  const prompt = usage.inputTokens.total ?? 0;
  const completion = usage.outputTokens.total ?? 0;
  const cached = usage.inputTokens.cacheRead;
  const reasoning = usage.outputTokens.reasoning;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } }),
    ...(reasoning === undefined
      ? {}
      : { completion_tokens_details: { reasoning_tokens: reasoning } }),
  };
}
