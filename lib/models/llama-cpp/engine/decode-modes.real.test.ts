/**
 * Several conversations at once on the real stories260K, in both ways a model's sequences can
 * decode (decision 0010): `batched` (one context; every sequence in each step's batch) and
 * `parallel` (a context per sequence, side by side). Either way each answers exactly as it does
 * alone; batched steps carry every sequence, from the first batch on, even when one sequence
 * must first drop an earlier conversation (patches/node-llama-cpp+3.22.1.patch, decision 0007);
 * parallel contexts decode at the same time.
 */
import { generateText, type ModelMessage } from "ai";
import { beforeAll, describe, expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { watchDecodes } from "@/tests/support/watch-decodes";
import type { LlamaCppDecode } from "../llama-cpp-engine";
import { createLlamaCpp, type LlamaCppProvider } from "../llama-cpp-provider";

let modelPath: string;
beforeAll(async () => {
  modelPath = await testModelPath("stories260K.gguf");
});

const longHistory: ModelMessage[] = Array.from({ length: 12 }, (_, index) => ({
  role: index % 2 === 0 ? "user" : "assistant",
  content: `Turn ${index}: the dog ran to the park and found a red ball under a tree.`,
}));
const conversations: ModelMessage[][] = [
  [{ role: "user", content: "Tell me about a dog named Rex." }],
  [{ role: "user", content: "Lily saw a bird." }],
  [...longHistory, { role: "user", content: "And then?" }],
  [{ role: "user", content: "The sun was hot." }],
];

function replyOf(provider: LlamaCppProvider, messages: ModelMessage[], maxOutputTokens = 24) {
  return generateText({
    model: provider(modelPath),
    instructions: "You are a storyteller.",
    messages,
    temperature: 0,
    maxOutputTokens,
    maxRetries: 0,
  });
}

describe.each(["batched", "parallel"] satisfies LlamaCppDecode[])("%s decoding", (decode) => {
  it("answers four conversations at once exactly as each alone", async () => {
    const alone = createLlamaCpp({ threads: 1, sequences: 1, contextSize: 1024 });
    const together = createLlamaCpp({ threads: 1, sequences: 4, contextSize: 1024, decode });
    try {
      const expected: string[] = [];
      for (const messages of conversations) expected.push((await replyOf(alone, messages)).text);
      // One sequence holds an earlier conversation, as a running server's do.
      await replyOf(together, [{ role: "user", content: "Tell me about a cat named Tim." }], 8);
      const decodes = watchDecodes();
      const texts = await Promise.all(
        conversations.map((messages) => replyOf(together, messages)),
      ).finally(decodes.stop);
      expect(texts.map((result) => result.text)).toEqual(expected);
      const batches = decodes.take();
      if (decode === "batched") {
        // The first batch already holds all four prompts; every step carries every sequence
        // still generating (steps after one has stopped carry fewer).
        expect(batches[0]).toHaveLength(4);
        expect(batches.slice(0, 10).every((batch) => batch.length === 4)).toBe(true);
      } else {
        expect(batches.every((batch) => batch.length === 1)).toBe(true);
        expect(decodes.mostAtOnce()).toBeGreaterThanOrEqual(2);
      }
    } finally {
      await alone.dispose();
      await together.dispose();
    }
  });
});
