import type { LanguageModelV4FinishReason, SharedV4ProviderMetadata } from "@ai-sdk/provider";

export type AnthropicStopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "refusal";

/**
 * Why a reply ended, in Anthropic's words. `stop_sequence` needs the sequence itself, which only
 * the local provider reports (`providerMetadata.llamaCpp.stopSequence`); a remote model's stop
 * sequence is indistinguishable from its end of turn. A reply that ended any other way ended its
 * turn (Anthropic has no "other").
 */
export function mapStopReason(
  finishReason: LanguageModelV4FinishReason,
  providerMetadata: SharedV4ProviderMetadata | undefined,
): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  switch (finishReason.unified) {
    case "tool-calls":
      return { stop_reason: "tool_use", stop_sequence: null };
    case "length":
      return { stop_reason: "max_tokens", stop_sequence: null };
    case "content-filter":
      return { stop_reason: "refusal", stop_sequence: null };
    default: {
      const sequence = providerMetadata?.llamaCpp?.stopSequence;
      return typeof sequence === "string"
        ? { stop_reason: "stop_sequence", stop_sequence: sequence }
        : { stop_reason: "end_turn", stop_sequence: null };
    }
  }
}
