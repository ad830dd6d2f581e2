import type { LanguageModelV4FinishReason } from "@ai-sdk/provider";
import type { LlamaCppStopReason } from "./llama-cpp-engine";

export function mapLlamaCppFinishReason(reason: LlamaCppStopReason): LanguageModelV4FinishReason {
  switch (reason) {
    case "eog":
    case "stop-sequence":
      return { unified: "stop", raw: reason };
    case "max-tokens":
      return { unified: "length", raw: reason };
    case "function-calls":
      return { unified: "tool-calls", raw: reason };
    default:
      return { unified: "other", raw: reason };
  }
}
