import type { LanguageModelV4 } from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";

/**
 * A model that answers at once with `chunks` one-character pieces (whole or streamed), cut at its
 * token limit: with it, all the time a request takes is the handler's own.
 */
export function instantModel(chunks: number): LanguageModelV4 {
  const text = "x".repeat(chunks);
  const usage = {
    inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: undefined },
    outputTokens: { total: chunks, text: chunks, reasoning: undefined },
  };
  const finishReason = { unified: "length", raw: "max-tokens" } as const;
  return new MockLanguageModelV4({
    doGenerate: async () => ({
      content: [{ type: "text", text }],
      finishReason,
      usage,
      warnings: [],
    }),
    doStream: async () => ({
      stream: simulateReadableStream({
        initialDelayInMs: null,
        chunkDelayInMs: null,
        chunks: [
          { type: "stream-start" as const, warnings: [] },
          { type: "text-start" as const, id: "t" },
          ...[...text].map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
          { type: "text-end" as const, id: "t" },
          { type: "finish" as const, finishReason, usage },
        ],
      }),
    }),
  });
}
