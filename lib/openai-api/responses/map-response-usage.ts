import type { LanguageModelV4Usage } from "@ai-sdk/provider";
import type { ResponseUsage } from "./responses-types";

/**
 * Token counts as the model reported them; a count it did not report is 0. `cached_tokens` are
 * the prompt tokens the local model reused from its cache instead of reading them again.
 */
export function mapResponseUsage(usage: LanguageModelV4Usage): ResponseUsage {
  const input = usage.inputTokens.total ?? 0;
  const output = usage.outputTokens.total ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.inputTokens.cacheRead ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.outputTokens.reasoning ?? 0 },
    total_tokens: input + output,
  };
}
