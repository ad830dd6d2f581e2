import type { LanguageModelV4Usage } from "@ai-sdk/provider";

export interface AnthropicUsage {
  /** Prompt tokens evaluated for this request: not read from the cache. */
  input_tokens: number;
  output_tokens: number;
  /** Always 0: the cache here is automatic, with no separate write. */
  cache_creation_input_tokens: number;
  /** Prompt tokens reused from the cache (a continued conversation's earlier turns). */
  cache_read_input_tokens: number;
  /** Of the output tokens, those spent thinking, when the model reports it. */
  output_tokens_details?: { thinking_tokens: number };
}

/**
 * Token counts as Anthropic reports them: `input_tokens` is the uncached part of the prompt, so
 * the whole prompt is `input_tokens + cache_read_input_tokens` (how Anthropic's clients add it
 * up). A count the model did not report is 0.
 */
export function mapUsage(usage: LanguageModelV4Usage): AnthropicUsage {
  const cached = usage.inputTokens.cacheRead ?? 0;
  const prompt = usage.inputTokens.total ?? 0;
  const thinking = usage.outputTokens.reasoning;
  return {
    input_tokens: usage.inputTokens.noCache ?? Math.max(prompt - cached, 0),
    output_tokens: usage.outputTokens.total ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    ...(thinking === undefined ? {} : { output_tokens_details: { thinking_tokens: thinking } }),
  };
}

/** Before the model has reported anything (`message_start`). */
export const NO_USAGE: AnthropicUsage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};
