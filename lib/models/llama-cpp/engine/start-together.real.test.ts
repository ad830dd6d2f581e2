/**
 * Requests sent at once are decoded from the first batch on, on the real stories260K — including
 * one whose sequence must first drop the end of an earlier conversation, which used to wait for
 * the others' whole prefill (patches/node-llama-cpp+3.22.1.patch: the decode loop holds the
 * context's lock one batch at a time, and new work starts as a loop's first batch does).
 */
import { generateText, type ModelMessage } from "ai";
import { LlamaContext } from "node-llama-cpp";
import { afterEach, describe, expect, it, vi } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { createLlamaCpp } from "../llama-cpp-provider";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("requests sent at once", () => {
  it("start in the same batch", async () => {
    const modelPath = await testModelPath("stories260K.gguf");
    const provider = createLlamaCpp({ threads: 1, sequences: 4, contextSize: 1024 });
    const reply = (messages: ModelMessage[]) =>
      generateText({
        model: provider(modelPath),
        instructions: "You are a storyteller.",
        messages,
        temperature: 0,
        maxOutputTokens: 8,
        maxRetries: 0,
      });
    try {
      // One sequence holds an earlier conversation; the next request sharing the instructions
      // goes to it and erases the rest before its prompt is queued.
      await reply([{ role: "user", content: "Tell me about a cat named Tim." }]);
      // What each batch the context starts is given: the sequences queued at that moment.
      const batches: number[] = [];
      const dispatch = LlamaContext.prototype.dispatchPendingBatch;
      vi.spyOn(LlamaContext.prototype, "dispatchPendingBatch").mockImplementation(function (
        this: LlamaContext,
      ) {
        batches.push(
          (this as unknown as { _queuedDecodeSequenceIds: Set<number> })._queuedDecodeSequenceIds
            .size,
        );
        return dispatch.call(this);
      });
      const longHistory: ModelMessage[] = Array.from({ length: 12 }, (_, index) => ({
        role: index % 2 === 0 ? "user" : "assistant",
        content: `Turn ${index}: the dog ran to the park and found a red ball under a tree.`,
      }));
      await Promise.all([
        reply([{ role: "user", content: "Tell me about a dog named Rex." }]),
        reply([{ role: "user", content: "Lily saw a bird." }]),
        reply([...longHistory, { role: "user", content: "And then?" }]),
        reply([{ role: "user", content: "The sun was hot." }]),
      ]);
      expect(batches[0]).toBe(4);
    } finally {
      await provider.dispose();
    }
  });
});
