import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, test } from "vitest";
import { partsOfText, type ReplyMetadata } from "@/lib/chat/message";
import { LlamaCppError } from "@/lib/models/llama-cpp";
import { textReplyParts } from "@/tests/support/model-stream";
import { uiChunksOf } from "@/tests/support/reply-stream";
import type { ReplySaver } from "./reply-saver";
import { streamReply } from "./stream-reply";

function modelReplying(
  providerMetadata?: Record<string, Record<string, number>>,
  { provider = "mock-provider", before = [] as LanguageModelV4StreamPart[] } = {},
) {
  const chunks: LanguageModelV4StreamPart[] = [
    ...before,
    ...textReplyParts(["Hello"], { input: 10, cached: 8, output: 1 }, providerMetadata),
  ];
  return new MockLanguageModelV4({
    provider,
    doStream: async () => ({ stream: simulateReadableStream({ chunks }) }),
  });
}

const saver: ReplySaver = { progress: () => {}, finish: async () => {} };

/** A saver that records how each reply finished. */
function recordingSaver() {
  const finished: unknown[][] = [];
  const recording: ReplySaver = {
    progress: () => {},
    finish: async (...args) => {
      finished.push(args);
    },
  };
  return { finished, recording };
}

async function uiChunks(
  model: MockLanguageModelV4,
  replySaver = saver,
  limits = { idleMs: 5_000, totalMs: 5_000 },
) {
  const stream = streamReply({
    ownerId: "owner",
    conversationId: `c-${Math.random()}`,
    replyId: "reply",
    history: [{ role: "user", content: "Hi" }],
    maxSteps: 1,
    model,
    modelName: "mock",
    system: "Be brief.",
    maxOutputTokens: 50,
    limits,
    saver: replySaver,
  });
  return uiChunksOf(stream);
}

async function finishMetadata(model: MockLanguageModelV4) {
  const finish = (await uiChunks(model)).find((chunk) => chunk.type === "finish");
  return finish?.messageMetadata as ReplyMetadata | undefined;
}

describe("streamReply", () => {
  test("tells the page where a reply waits in the local model's queue, without storing it", async () => {
    const queued = (place: number): LanguageModelV4StreamPart => ({
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
    const { finished, recording } = recordingSaver();
    await uiChunks(modelReplying({ llamaCpp: { droppedMessages: 6 } }), recording);
    await uiChunks(modelReplying(), recording);
    expect(finished).toEqual([
      [partsOfText("Hello"), "complete", 6],
      [partsOfText("Hello"), "complete", undefined],
    ]);
  });

  test("asks a local model to trim the oldest turns rather than refuse a long conversation", async () => {
    const model = modelReplying();
    await finishMetadata(model);
    expect(model.doStreamCalls[0]?.providerOptions).toEqual({
      // And reuses only this owner's cached prompts.
      llamaCpp: { overflow: "trim-oldest", cacheOwner: "owner" },
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

  describe("limits", () => {
    /** A model that streams `deltas` (one per 20 ms), then goes silent until it is aborted. */
    function modelGoingSilent(deltas: string[]) {
      return new MockLanguageModelV4({
        doStream: async ({ abortSignal }) => ({
          stream: new ReadableStream<LanguageModelV4StreamPart>({
            async start(controller) {
              controller.enqueue({ type: "stream-start", warnings: [] });
              if (deltas.length > 0) controller.enqueue({ type: "text-start", id: "t" });
              for (const delta of deltas) {
                await new Promise((resolve) => setTimeout(resolve, 20));
                controller.enqueue({ type: "text-delta", id: "t", delta });
              }
              abortSignal?.addEventListener("abort", () => controller.error(abortSignal.reason));
            },
          }),
        }),
      });
    }

    test("a model that goes silent mid-reply is stopped by the idle limit, and says so", async () => {
      const { finished, recording } = recordingSaver();
      const chunks = await uiChunks(modelGoingSilent(["Once", " upon"]), recording, {
        idleMs: 150,
        totalMs: 10_000,
      });
      expect(chunks.filter((chunk) => chunk.type === "error")).toEqual([
        {
          type: "error",
          errorText: "The model sent nothing for 150 ms, so the reply was stopped (idle limit).",
        },
      ]);
      expect(finished).toEqual([[partsOfText("Once upon"), "failed"]]);
    });

    test("slow tokens never trip the idle limit: a reply longer than it in all is not cut", async () => {
      const { finished, recording } = recordingSaver();
      const deltas = Array.from({ length: 12 }, (_, i) => `${i} `);
      const model = new MockLanguageModelV4({
        doStream: async () => ({
          stream: simulateReadableStream({
            chunks: textReplyParts(deltas, { output: 12 }),
            chunkDelayInMs: 40,
          }),
        }),
      });
      const chunks = await uiChunks(model, recording, { idleMs: 200, totalMs: 10_000 });
      expect(chunks.some((chunk) => chunk.type === "error")).toBe(false);
      expect(finished).toEqual([[partsOfText(deltas.join("")), "complete", undefined]]);
    });

    test("waiting longer than the total limit before any output is stopped by the total limit", async () => {
      const { finished, recording } = recordingSaver();
      const chunks = await uiChunks(modelGoingSilent([]), recording, {
        idleMs: 50,
        totalMs: 300,
      });
      expect(chunks.filter((chunk) => chunk.type === "error")).toEqual([
        {
          type: "error",
          errorText: "The reply took longer than 300 ms, so it was stopped (total limit).",
        },
      ]);
      expect(finished).toEqual([[[], "failed"]]);
    });
  });

  test("saves a reasoning model's thinking as a reasoning part before the text, with its duration", async () => {
    const { finished, recording } = recordingSaver();
    await uiChunks(
      modelReplying(undefined, {
        before: [
          { type: "reasoning-start", id: "r" },
          { type: "reasoning-delta", id: "r", delta: "The user says hi." },
          { type: "reasoning-end", id: "r" },
        ],
      }),
      recording,
    );
    expect(finished).toEqual([
      [
        [
          { type: "reasoning", text: "The user says hi.", durationMs: expect.any(Number) },
          { type: "text", text: "Hello" },
        ],
        "complete",
        undefined,
      ],
    ]);
  });
  test("a model stream that throws (the local model's context overflow) fails the reply with its reason", async () => {
    const model = new MockLanguageModelV4({
      provider: "llama-cpp.chat",
      doStream: async () => ({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            controller.error(
              new LlamaCppError({
                code: "context-length-exceeded",
                message:
                  "The conversation needs 4988 tokens, more than the model's context of 2048.",
              }),
            );
          },
        }),
      }),
    });
    const { finished, recording } = recordingSaver();
    const chunks = await uiChunks(model, recording);
    expect(chunks.at(-1)).toEqual({
      type: "error",
      errorText: expect.stringContaining("no longer fits in the model's memory"),
    });
    await expect.poll(() => finished).toEqual([[[], "failed"]]);
  });
});
