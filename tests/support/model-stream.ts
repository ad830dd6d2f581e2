import type { LanguageModelV4StreamPart, SharedV4ProviderMetadata } from "@ai-sdk/provider";

/** Token counts of a scripted reply: prompt tokens (some read from the cache) and output tokens. */
export interface ScriptedUsage {
  input?: number;
  cached?: number;
  output?: number;
}

/** The `finish` part a model sends last, with its reason and usage. */
export function finishPart(
  unified: "stop" | "tool-calls" | "length" = "stop",
  { input = 1, cached = 0, output = 1 }: ScriptedUsage = {},
  providerMetadata?: SharedV4ProviderMetadata,
): LanguageModelV4StreamPart {
  return {
    type: "finish",
    finishReason: { unified, raw: undefined },
    usage: {
      inputTokens: {
        total: input,
        noCache: input - cached,
        cacheRead: cached,
        cacheWrite: undefined,
      },
      outputTokens: { total: output, text: output, reasoning: undefined },
    },
    ...(providerMetadata ? { providerMetadata } : {}),
  };
}

/** A text reply as a model streams it: its pieces, then `finish` with the usage given. */
export function textReplyParts(
  pieces: readonly string[],
  usage: ScriptedUsage = { output: pieces.length },
  providerMetadata?: SharedV4ProviderMetadata,
): LanguageModelV4StreamPart[] {
  return [
    { type: "text-start", id: "t" },
    ...pieces.map((delta): LanguageModelV4StreamPart => ({ type: "text-delta", id: "t", delta })),
    { type: "text-end", id: "t" },
    finishPart("stop", usage, providerMetadata),
  ];
}
