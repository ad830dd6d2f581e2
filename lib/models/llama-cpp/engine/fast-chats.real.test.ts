/**
 * Prefix reuse, routing, concurrency and trimming over a real model (stories260K, one thread).
 * Its text is little stories; the tests compare texts and token counts, not meaning.
 */
import { generateText, type ModelMessage, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { llamaCppForFile } from "@/tests/support/llama-cpp-for-file";
import type { LlamaCppProvider } from "../llama-cpp-provider";

const llamaCpp = llamaCppForFile();

function newProvider(settings: { sequences: number; contextSize?: number }): LlamaCppProvider {
  return llamaCpp.newProvider({ threads: 1, ...settings });
}

const SYSTEM = "You are a storyteller.";

function reply(provider: LlamaCppProvider, messages: ModelMessage[], maxOutputTokens = 30) {
  return generateText({
    model: provider(llamaCpp.modelPath()),
    instructions: SYSTEM,
    messages,
    temperature: 0,
    maxOutputTokens,
    maxRetries: 0,
  });
}

/** The same request on a freshly loaded model: nothing cached. */
async function cold(messages: ModelMessage[], maxOutputTokens = 30) {
  const provider = newProvider({ sequences: 1 });
  try {
    const result = await reply(provider, messages, maxOutputTokens);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(0);
    return result;
  } finally {
    await provider.dispose();
  }
}

const user = (content: string): ModelMessage => ({ role: "user", content });
const assistant = (content: string): ModelMessage => ({ role: "assistant", content });

describe("prefix reuse", () => {
  it("a continued conversation reuses the previous prompt and reply, and answers as a cold run does", async () => {
    const provider = newProvider({ sequences: 1 });
    const turn1 = [user("Tell me about a cat named Tim.")];
    const first = await reply(provider, turn1);
    const turn2 = [...turn1, assistant(first.text), user("What did Tim do next?")];
    const second = await reply(provider, turn2);

    // The chat format renders the earlier reply back exactly as it was generated: the whole
    // first prompt and reply are a prefix of the second prompt, reused from the cache. (All but
    // the reply's last token, which was sampled but never evaluated into the cache: hence - 1.)
    const firstPrompt = first.usage.inputTokens ?? 0;
    const firstReply = first.usage.outputTokens ?? 0;
    expect(second.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThanOrEqual(
      firstPrompt + firstReply - 1,
    );
    expect((await cold(turn2)).text).toBe(second.text);
  });

  it("interleaved conversations A, B, A: the third request continues on A's sequence", async () => {
    const provider = newProvider({ sequences: 2 });
    const a1 = [user("Lily had a red ball.")];
    const first = await reply(provider, a1);
    const b = await reply(provider, [user("Ben wanted to fly a kite in the sky.")]);
    const a2 = [...a1, assistant(first.text), user("Where did the ball go?")];
    const third = await reply(provider, a2);

    const aTokens = (first.usage.inputTokens ?? 0) + (first.usage.outputTokens ?? 0);
    expect(third.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThanOrEqual(aTokens - 1);
    // B's text never reaches A: the reply is the one A gets with nothing else around.
    expect((await cold(a2)).text).toBe(third.text);
    expect(third.text).not.toBe(b.text);
  });

  it("four conversations at once each get the answer they get alone", async () => {
    const provider = newProvider({ sequences: 4 });
    const prompts = [
      "Lily had a dog.",
      "Ben wanted to fly a kite.",
      "Tom saw a big tree.",
      "Sue found a shell on the beach.",
    ];
    const alone: string[] = [];
    for (const prompt of prompts) alone.push((await cold([user(prompt)], 40)).text);
    expect(new Set(alone).size).toBe(prompts.length);

    const together = await Promise.all(
      prompts.map((prompt) => reply(provider, [user(prompt)], 40).then((result) => result.text)),
    );
    expect(together).toEqual(alone);
  });

  it("an aborted request frees its sequence while the others go on", async () => {
    const provider = newProvider({ sequences: 2 });
    const controller = new AbortController();
    const aborted = streamText({
      model: provider(llamaCpp.modelPath()),
      prompt: "Lily had a dog.",
      temperature: 0,
      maxOutputTokens: 1500,
      abortSignal: controller.signal,
    });
    const other = reply(provider, [user("Tom saw a big tree.")], 40);
    let deltas = 0;
    try {
      for await (const _delta of aborted.textStream) if (++deltas === 3) controller.abort();
    } catch {
      // The abort ends the stream with its reason.
    }
    expect(deltas).toBeGreaterThanOrEqual(3);
    expect((await other).text).toBe((await cold([user("Tom saw a big tree.")], 40)).text);
    // Both sequences are free: two more requests run without waiting for 1500 tokens.
    const started = performance.now();
    await Promise.all([reply(provider, [user("Hi")], 5), reply(provider, [user("Yo")], 5)]);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe("overflow: trim-oldest", () => {
  const CONTEXT = 1024;
  const MAX_OUTPUT = 30;
  const BUDGET = CONTEXT - MAX_OUTPUT;

  it("drops the oldest turns in one large step, keeps the system prompt and the newest turns, and the next turns reuse the trimmed prefix", async () => {
    const provider = newProvider({ sequences: 1, contextSize: CONTEXT });
    const turn = (messages: ModelMessage[], overflow?: "trim-oldest") =>
      generateText({
        model: provider(llamaCpp.modelPath()),
        instructions: SYSTEM,
        messages,
        temperature: 0,
        maxOutputTokens: MAX_OUTPUT,
        maxRetries: 0,
        providerOptions: overflow ? { llamaCpp: { overflow } } : undefined,
      });
    const droppedOf = (result: Awaited<ReturnType<typeof turn>>) =>
      result.providerMetadata?.llamaCpp?.droppedMessages;

    // The conversation grows turn by turn until it no longer fits.
    const messages: ModelMessage[] = [];
    let result: Awaited<ReturnType<typeof turn>> | undefined;
    for (let n = 0; n < 40; n++) {
      messages.push(user(`Turn ${n}: tell me about the little bird and the big tree.`));
      result = await turn(messages, "trim-oldest");
      if (droppedOf(result) !== 0) break;
      messages.push(assistant(result.text));
    }
    if (!result) throw new Error("no turn ran");
    const dropped = droppedOf(result);
    if (typeof dropped !== "number" || dropped === 0) throw new Error("never trimmed");

    // Without the option the same conversation is refused.
    await expect(turn(messages)).rejects.toSatisfy(
      (error) => (error as { code?: string }).code === "context-length-exceeded",
    );
    // Whole turns, many at once: what is kept is about half of the budget (plus the turn that
    // overflowed), leaving room for the next turns.
    expect(dropped % 2).toBe(0);
    expect(dropped).toBeGreaterThanOrEqual(4);
    expect(result.usage.inputTokens).toBeLessThanOrEqual(BUDGET * 0.7);
    // Exactly the system prompt and the newest turns were kept: the reply is theirs alone.
    const kept = messages.slice(dropped);
    expect(kept.at(-1)).toEqual(messages.at(-1));
    expect((await cold(kept, MAX_OUTPUT)).text).toBe(result.text);

    // The next turns keep the same start, so each reuses the previous prompt and reply.
    for (let n = 0; n < 3; n++) {
      const previous = result;
      messages.push(assistant(previous.text), user(`And then, ${n}?`));
      result = await turn(messages, "trim-oldest");
      expect(droppedOf(result)).toBe(dropped);
      expect(result.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThanOrEqual(
        (previous.usage.inputTokens ?? 0) + (previous.usage.outputTokens ?? 0) - 1,
      );
    }
  });
});
