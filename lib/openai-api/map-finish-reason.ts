import type { LanguageModelV4FinishReason } from "@ai-sdk/provider";

export type OpenAIFinishReason = "stop" | "length" | "content_filter" | "tool_calls";

/** OpenAI has no "other" or "error": a reply that ended for another reason simply stopped. */
export function mapFinishReason(reason: LanguageModelV4FinishReason): OpenAIFinishReason {
  switch (reason.unified) {
    case "length":
      return "length";
    case "content-filter":
      return "content_filter";
    case "tool-calls":
      return "tool_calls";
    default:
      return "stop";
  }
}
