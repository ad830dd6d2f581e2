/**
 * Prefill priority over a real model (stories260K, 4 sequences decoded in parallel, decision
 * 0013): three requests of one person stream; a quiet person's request comes. Its prompt is
 * evaluated with no other context's batch starting in between, the others resume once its first
 * token is out, and every reply is the text it is alone. The gate's longest pause is set beyond
 * the test's timeout, so only the prompt's evaluation can open it.
 */
import { type ModelMessage, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { llamaCppForFile } from "@/tests/support/llama-cpp-for-file";
import { watchDecodes } from "@/tests/support/watch-decodes";
import type { LlamaCppProvider } from "../llama-cpp-provider";
import { PROMPT_SLICE_TOKENS } from "./prefill-gate";

const llamaCpp = llamaCppForFile();

const floods: ModelMessage[][] = [
  [{ role: "user", content: "Tell me about a dog named Rex." }],
  [{ role: "user", content: "Lily saw a bird." }],
  [{ role: "user", content: "The sun was hot." }],
];
/** A prompt of several hundred tokens: its evaluation is many times one token's. */
const quiet: ModelMessage[] = [
  ...Array.from(
    { length: 16 },
    (_, index): ModelMessage => ({
      role: index % 2 === 0 ? "user" : "assistant",
      content: `Turn ${index}: the dog ran to the park and found a red ball under a tree.`,
    }),
  ),
  { role: "user", content: "And then?" },
];

/** A streamed reply: resolves to its text; `deltas` counts its text parts as they come. */
function stream(
  provider: LlamaCppProvider,
  owner: string,
  messages: ModelMessage[],
  tokens: number,
) {
  const progress = { deltas: 0 };
  const result = streamText({
    model: provider(llamaCpp.modelPath()),
    messages,
    temperature: 0,
    maxOutputTokens: tokens,
    maxRetries: 0,
    providerOptions: { llamaCpp: { cacheOwner: owner } },
  });
  const text = (async () => {
    let text = "";
    for await (const part of result.fullStream) {
      if (part.type === "error") throw part.error;
      if (part.type === "text-delta") {
        progress.deltas++;
        text += part.text;
      }
    }
    return text;
  })();
  return { progress, text };
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("prefill priority", () => {
  it("evaluates a newcomer's prompt while three others stream, and all end with their full text", async () => {
    const settings = { threads: 1, sequences: 4, contextSize: 1024, decode: "parallel" } as const;
    const alone = llamaCpp.newProvider({ ...settings, sequences: 1 });
    const shared = llamaCpp.newProvider({
      ...settings,
      prefillPriority: true,
      prefillMaxPauseMs: 600_000,
    });
    const expected: string[] = [];
    for (const messages of [...floods, quiet]) {
      expected.push(await stream(alone, "alone", messages, 160).text);
    }
    // Every context loaded and used once before the watch.
    await Promise.all(floods.map((messages) => stream(shared, "warm-up", messages, 2).text));

    const decodes = watchDecodes();
    try {
      const flooding = floods.map((messages) => stream(shared, "flooder", messages, 160));
      await until(() => flooding.every((reply) => reply.progress.deltas >= 2));
      const sentAt = decodes.decodes().length;
      const newcomer = stream(shared, "quiet", quiet, 160);
      const texts = await Promise.all([...flooding.map((reply) => reply.text), newcomer.text]);
      expect(texts).toEqual(expected);

      const after = decodes.decodes().slice(sentAt);
      // The newcomer's prompt: the first batch of many tokens since it was sent.
      const promptIndex = after.findIndex((decode) => decode.tokens > 100);
      expect(promptIndex).toBeGreaterThanOrEqual(0);
      const prompt = after[promptIndex];
      const rest = after.slice(promptIndex + 1);
      const firstToken = rest.findIndex((decode) => decode.context === prompt?.context);
      expect(firstToken).toBeGreaterThanOrEqual(0);
      // Between its prompt and its first token, no other context started a batch...
      expect(rest.slice(0, firstToken).map((decode) => decode.context)).toEqual([]);
      // ...and after it, the others went on.
      expect(rest.slice(firstToken).some((decode) => decode.context !== prompt?.context)).toBe(
        true,
      );
    } finally {
      decodes.stop();
    }
  });

  it("slices one person's prompts only while someone else has asked lately", async () => {
    const shared = llamaCpp.newProvider({
      threads: 1,
      sequences: 4,
      contextSize: 1024,
      decode: "parallel",
      prefillPriority: true,
    });
    /** Three long prompts of `owner` at once (never seen before: nothing reused). */
    const three = (owner: string, round: number) =>
      Promise.all(
        [0, 1, 2].map(
          (i) =>
            stream(
              shared,
              owner,
              quiet.map((message) =>
                message.role === "user"
                  ? { ...message, content: `${message.content} (${round}.${i})` }
                  : message,
              ),
              4,
            ).text,
        ),
      );
    // An agent alone: its three prompts are evaluated in whole batches.
    await three("agent", 0);
    const decodes = watchDecodes();
    try {
      /** The prompt batches (more than one token) the decodes since `from` carried. */
      const promptBatches = (from: number) =>
        decodes
          .decodes()
          .slice(from)
          .map((decode) => decode.tokens)
          .filter((tokens) => tokens > 1);
      await three("agent", 1);
      const alone = promptBatches(0);
      expect(alone.length).toBeGreaterThan(0);
      expect(alone.every((tokens) => tokens > PROMPT_SLICE_TOKENS)).toBe(true);
      // Someone else asked a moment ago: the same prompts go in slices, to keep their next
      // waiting one slice at most.
      await stream(shared, "someone-else", [{ role: "user", content: "Hi" }], 2).text;
      const from = decodes.decodes().length;
      await three("agent", 2);
      expect(promptBatches(from).some((tokens) => tokens === PROMPT_SLICE_TOKENS)).toBe(true);
    } finally {
      decodes.stop();
    }
  });
});
