import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { MockLanguageModelV3, simulateReadableStream } from "ai/test";
import { describe, expect, test } from "vitest";
import type { ReplySaver } from "./reply-saver";
import { streamReply } from "./stream-reply";

function modelReplying(
  providerMetadata?: Record<string, Record<string, number>>,
  { provider = "mock-provider", before = [] as LanguageModelV3StreamPart[] } = {},
) {
  const chunks: LanguageModelV3StreamPart[] = [
    ...before,
    { type: "text-start", id: "t" },
    { type: "text-delta", id: "t", delta: "Hello" },
    { type: "text-end", id: "t" },
    {
      type: "finish",
      finishReason: { unified: "stop", raw: "eog" },
      usage: {
        inputTokens: { total: 10, noCache: 2, cacheRead: 8, cacheWrite: undefined },
        outputTokens: { total: 1, text: 1, reasoning: undefined },
      },
      providerMetadata,
    },
  ];
  return new MockLanguageModelV3({
    provider,
    doStream: async () => ({ stream: simulateReadableStream({ chunks }) }),
  });
}

const saver: ReplySaver = { progress: () => {}, finish: async () => {} };

async function uiChunks(model: MockLanguageModelV3, replySaver = saver) {
  const response = streamReply({
    ownerId: "owner",
    conversationId: `c-${Math.random()}`,
    replyId: "reply",
    history: [{ role: "user", content: "Hi" }],
    originalMessages: [],
    model,
    modelName: "mock",
    system: "Be brief.",
    maxOutputTokens: 50,
    timeoutMs: 5_000,
    saver: replySaver,
  });
  const body = await response.text();
  return body
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice("data: ".length)));
}

async function finishMetadata(model: MockLanguageModelV3) {
  const finish = (await uiChunks(model)).find((chunk) => chunk.type === "finish");
  return finish?.messageMetadata;
}

describe("streamReply", () => {
  test("tells the page where a reply waits in the local model's queue, without storing it", async () => {
    const queued = (place: number): LanguageModelV3StreamPart => ({
      type: "raw",
      rawValue: { type: "queue-place", place },
    });
    const model = modelReplying(undefined, {
      provider: "llama-cpp.chat",
      before: [queued(2), queued(1)],
    });
    const chunks = await uiChunks(model);
    expect(model.doStreamCalls[0]?.includeRawChunks).toBe(true);
    expect(chunks.filter((chunk) => chunk.type === "data-queue")).toEqual([
      { type: "data-queue", data: { place: 2 }, transient: true },
      { type: "data-queue", data: { place: 1 }, transient: true },
    ]);
    expect(chunks.map((chunk) => chunk.type)).toContain("text-delta");

    const remote = modelReplying();
    await uiChunks(remote);
    expect(remote.doStreamCalls[0]?.includeRawChunks).toBe(false);
  });

  test("saves how many of the oldest messages the model did not see with the reply", async () => {
    const finished: unknown[][] = [];
    const recording: ReplySaver = {
      progress: () => {},
      finish: async (...args) => {
        finished.push(args);
      },
    };
    await uiChunks(modelReplying({ llamaCpp: { droppedMessages: 6 } }), recording);
    await uiChunks(modelReplying(), recording);
    expect(finished).toEqual([
      ["Hello", "complete", 6],
      ["Hello", "complete", undefined],
    ]);
  });

  test("asks a local model to trim the oldest turns rather than refuse a long conversation", async () => {
    const model = modelReplying();
    await finishMetadata(model);
    expect(model.doStreamCalls[0]?.providerOptions).toEqual({
      llamaCpp: { overflow: "trim-oldest" },
    });
  });

  test("tells the page how many messages the model did not see", async () => {
    const metadata = await finishMetadata(modelReplying({ llamaCpp: { droppedMessages: 6 } }));
    expect(metadata).toMatchObject({
      droppedMessages: 6,
      usage: { inputTokens: 10, cachedInputTokens: 8, outputTokens: 1 },
    });
  });

  test("says nothing about dropped messages when none were dropped", async () => {
    const untrimmed = await finishMetadata(modelReplying({ llamaCpp: { droppedMessages: 0 } }));
    expect(untrimmed?.droppedMessages).toBeUndefined();
    expect((await finishMetadata(modelReplying()))?.droppedMessages).toBeUndefined();
  });
});
