/**
 * The provider over a real model: stories260K (a 260K-parameter llama trained on children's
 * stories) running in-process through node-llama-cpp. It writes little stories, not answers, so
 * the tests check the mechanics (usage, stopping, streaming, cancelling, caching), not the content.
 */
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { readGgufFileInfo } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { longestTokenOf } from "./engine/minimum-prompt-tokens";
import { LlamaCppError } from "./llama-cpp-error";
import { createLlamaCpp, type LlamaCppProvider } from "./llama-cpp-provider";

let modelPath: string;
/** Two sequences: two requests run at once. */
let provider: LlamaCppProvider;
/** One sequence: a request that still held it would block the next one. */
let single: LlamaCppProvider;

beforeAll(async () => {
  modelPath = await testModelPath("stories260K.gguf");
  // threads: 1 is much faster than 2 for a model this small on this machine (and skips measuring).
  provider = createLlamaCpp({ threads: 1, sequences: 2 });
  single = createLlamaCpp({ threads: 1, sequences: 1 });
  // Load both now, so that load time does not count in the timed tests.
  await Promise.all([
    generateText({ model: provider(modelPath), prompt: "Hi", maxOutputTokens: 1 }),
    generateText({ model: single(modelPath), prompt: "Hi", maxOutputTokens: 1 }),
  ]);
});

afterAll(async () => {
  await provider?.dispose();
  await single?.dispose();
});

const greedy = (prompt: string, maxOutputTokens = 40) =>
  generateText({ model: provider(modelPath), prompt, temperature: 0, maxOutputTokens });

/**
 * Long enough that, had cancelling not stopped it, the next request on `single` would wait seconds
 * (~7 s here), and short enough that prompt and reply fit the 2048-token context.
 */
const LONG_GENERATION = 2000;
/** A short request on a free sequence takes ~10-50 ms here; a blocked one would take seconds. */
const PROMPT_MS = 1500;

describe("generateText", () => {
  it("returns text, a finish reason and token usage", async () => {
    const result = await greedy("Once upon a time");
    expect(result.text.trim()).not.toBe("");
    expect(["stop", "length"]).toContain(result.finishReason);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeLessThanOrEqual(40);
    expect(result.usage.inputTokenDetails.noCacheTokens).toBe(
      (result.usage.inputTokens ?? 0) - (result.usage.inputTokenDetails.cacheReadTokens ?? 0),
    );
    expect(result.response.modelId).toBe(modelPath);
  });

  it("stops at maxOutputTokens with finish reason length", async () => {
    const result = await greedy("Once upon a time", 5);
    expect(result.finishReason).toBe("length");
    expect(result.usage.outputTokens).toBe(5);
    expect(result.text).not.toBe("");
  });

  it("stops before a stop sequence that the reply would contain, with finish reason stop", async () => {
    const baseline = await greedy("Once upon a time");
    // A word from the middle of the greedy reply: generating again must stop right before it.
    const stop = baseline.text.match(/[A-Za-z]{3,}/g)?.[1];
    if (!stop) throw new Error(`no second word in ${JSON.stringify(baseline.text)}`);
    const cut = baseline.text.indexOf(stop);

    const stopped = await generateText({
      model: provider(modelPath),
      prompt: "Once upon a time",
      temperature: 0,
      maxOutputTokens: 40,
      stopSequences: [stop],
    });
    expect(stopped.finishReason).toBe("stop");
    expect(stopped.providerMetadata).toEqual({ llamaCpp: { stopSequence: stop } });
    expect(stopped.text).toBe(baseline.text.slice(0, cut));
    expect(stopped.text).not.toContain(stop);
    expect(stopped.usage.outputTokens).toBeLessThan(baseline.usage.outputTokens ?? 0);
  });

  it("is deterministic at temperature 0, also after another prompt used the sequence", async () => {
    const first = await greedy("The little dog ran");
    await greedy("A girl named Sue found a shell");
    const again = await greedy("The little dog ran");
    expect(again.text).toBe(first.text);
  });

  it("repeats a sampled reply (temperature 1) for the same seed, and varies it for another", async () => {
    const sample = (seed: number) =>
      generateText({
        model: provider(modelPath),
        prompt: "Lily had a dog",
        temperature: 1,
        seed,
        maxOutputTokens: 40,
      });
    const a = await sample(42);
    const b = await sample(42);
    const c = await sample(7);
    expect(b.text).toBe(a.text);
    expect(c.text).not.toBe(a.text);
  });

  it("reuses the cached prompt of the previous turn when the conversation continues", async () => {
    const model = provider(modelPath);
    const question = { role: "user" as const, content: "Tell me about a cat named Tim." };
    const first = await generateText({
      model,
      messages: [question],
      temperature: 0,
      maxOutputTokens: 20,
    });
    const second = await generateText({
      model,
      messages: [
        question,
        { role: "assistant", content: first.text },
        { role: "user", content: "What did Tim do next?" },
      ],
      temperature: 0,
      maxOutputTokens: 20,
    });
    const firstPrompt = first.usage.inputTokens ?? 0;
    expect(firstPrompt).toBeGreaterThan(0);
    // The whole first prompt (and more: the reply) comes from the cache, not just a shared header.
    expect(second.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThanOrEqual(firstPrompt);
    expect(second.usage.inputTokenDetails.noCacheTokens).toBeGreaterThan(0);
    expect(second.usage.inputTokens).toBe(
      (second.usage.inputTokenDetails.cacheReadTokens ?? 0) +
        (second.usage.inputTokenDetails.noCacheTokens ?? 0),
    );
  });

  it("refuses a request whose prompt and reply cannot fit the context, and stays usable", async () => {
    const model = single(modelPath);
    const tooLong = generateText({
      model,
      prompt: "Once upon a time",
      temperature: 0,
      maxOutputTokens: 2048,
      maxRetries: 0,
    });
    const refusal = await tooLong.catch((error: unknown) => error);
    expect(LlamaCppError.isInstance(refusal) && refusal.code).toBe("context-length-exceeded");
    // The check is exact: what fits (prompt + reply = context) still runs.
    const prompt = (await generateText({ model, prompt: "Once upon a time", maxOutputTokens: 1 }))
      .usage.inputTokens;
    if (!prompt) throw new Error("no prompt token count");
    // The refusal says what did not fit, in tokens (the Anthropic API quotes them).
    expect((refusal as LlamaCppError).overflow).toEqual({
      promptTokens: prompt,
      replyTokens: 2048,
      contextTokens: 2048,
    });
    const fits = await generateText({
      model,
      prompt: "Once upon a time",
      temperature: 0,
      maxOutputTokens: 2048 - prompt,
      maxRetries: 0,
      stopSequences: ["."],
    });
    expect(fits.finishReason).toBe("stop");
  });
});

describe("a prompt far past the context", () => {
  it("is refused before it is rendered and tokenized (a 4 MB message)", async () => {
    const text = "Lily had a dog. ".repeat(262_144);
    const error = await generateText({
      model: single(modelPath),
      prompt: text,
      maxOutputTokens: 5,
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(LlamaCppError.isInstance(error) && error.code).toBe("context-length-exceeded");
    // The bound, not the count of a rendered prompt (which says how many tokens of prompt).
    expect((error as Error).message).toMatch(/needs at least \d+ tokens of prompt/);
  });

  it("is never refused by the bound when it fits: a prompt of the longest tokens, up to the context", async () => {
    // Text made of the vocabulary's longest token is as few tokens per character as text gets:
    // the bound meets the real count there.
    const { metadata } = await readGgufFileInfo(modelPath);
    const longest = longestTokenOf(metadata as unknown as Record<string, unknown>) ?? 0;
    const tokens = (metadata as unknown as { tokenizer: { ggml: { tokens: string[] } } }).tokenizer
      .ggml.tokens;
    const word = tokens.find((token) => token.length === longest && /^▁[a-z]+$/.test(token));
    if (!word) throw new Error("no plain word among the longest tokens");
    const model = single(modelPath);
    const fill = (count: number) =>
      generateText({ model, prompt: word.replace("▁", " ").repeat(count), maxOutputTokens: 1 });
    const markup = ((await fill(1)).usage.inputTokens ?? 0) - 1;
    const result = await fill(2048 - markup - 1);
    expect(result.usage.inputTokens).toBe(2047);
  });
});

describe("JSON output", () => {
  it("a schema that cannot become a grammar is refused by name, before any token", async () => {
    const model = provider(modelPath);
    const error = await Promise.resolve(
      model.doGenerate({
        prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
        responseFormat: { type: "json", schema: { oneOf: 5 } as never },
        maxOutputTokens: 5,
      }),
    ).catch((e: unknown) => e);
    expect(LlamaCppError.isInstance(error) && error.code).toBe("invalid-json-schema");
  });
});

describe("without maxOutputTokens", () => {
  it("a reply ends where the context does, with finish reason length, never shifting it", async () => {
    const small = createLlamaCpp({ threads: 1, sequences: 1, contextSize: 128 });
    try {
      const result = await generateText({
        model: small(modelPath),
        prompt: "Once upon a time",
        temperature: 0,
        maxRetries: 0,
      });
      expect(result.finishReason).toBe("length");
      // node-llama-cpp rounds a context this small up to 256 tokens; the reply fills it exactly.
      expect((result.usage.inputTokens ?? 0) + (result.usage.outputTokens ?? 0)).toBe(256);
    } finally {
      await small.dispose();
    }
  });

  it("with shortenReplyToFit, a maxOutputTokens past the context is a ceiling: the reply ends where the context does", async () => {
    const small = createLlamaCpp({ threads: 1, sequences: 1, contextSize: 128 });
    const ask = (shortenReplyToFit: boolean) =>
      generateText({
        model: small(modelPath),
        prompt: "Once upon a time",
        temperature: 0,
        maxOutputTokens: 8192,
        maxRetries: 0,
        providerOptions: { llamaCpp: { shortenReplyToFit } },
      });
    try {
      await expect(ask(false)).rejects.toSatisfy(
        (error) => LlamaCppError.isInstance(error) && error.code === "context-length-exceeded",
      );
      const result = await ask(true);
      expect(result.finishReason).toBe("length");
      expect((result.usage.inputTokens ?? 0) + (result.usage.outputTokens ?? 0)).toBe(256);
    } finally {
      await small.dispose();
    }
  });
});

describe("streamText", () => {
  it("streams several deltas that add up to the final text, the same text generateText returns", async () => {
    const result = streamText({
      model: provider(modelPath),
      prompt: "Tom saw a big tree",
      temperature: 0,
      maxOutputTokens: 40,
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    const text = await result.text;
    expect(deltas.length).toBeGreaterThanOrEqual(5);
    expect(deltas.join("")).toBe(text);
    expect(text.trim()).not.toBe("");
    expect(["stop", "length"]).toContain(await result.finishReason);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);

    const generated = await greedy("Tom saw a big tree");
    expect(text).toBe(generated.text);
  });

  it("streams the reply up to, not including, a stop sequence", async () => {
    const baseline = await greedy("Tom saw a big tree");
    const stop = baseline.text.match(/[A-Za-z]{3,}/g)?.[2];
    if (!stop) throw new Error(`no third word in ${JSON.stringify(baseline.text)}`);
    const result = streamText({
      model: provider(modelPath),
      prompt: "Tom saw a big tree",
      temperature: 0,
      maxOutputTokens: 40,
      stopSequences: [stop],
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(await result.finishReason).toBe("stop");
    expect(deltas.join("")).toBe(baseline.text.slice(0, baseline.text.indexOf(stop)));
    expect(await result.text).toBe(deltas.join(""));
  });

  it("runs two requests at once, each giving the reply it gives alone", async () => {
    const prompts = ["Lily had a dog", "Ben wanted to fly a kite"] as const;
    const alone = [await greedy(prompts[0], 60), await greedy(prompts[1], 60)] as const;
    expect(alone[0].text).not.toBe(alone[1].text);

    const start = performance.now();
    const together = await Promise.all(
      prompts.map(async (prompt) => {
        const times: number[] = [];
        const result = streamText({
          model: provider(modelPath),
          prompt,
          temperature: 0,
          maxOutputTokens: 60,
        });
        for await (const _delta of result.textStream) times.push(performance.now() - start);
        return { text: await result.text, first: times[0] ?? Infinity, last: times.at(-1) ?? 0 };
      }),
    );
    expect(together.map((result) => result.text)).toEqual(alone.map((result) => result.text));
    // They really overlapped: each streamed its first delta before the other streamed its last.
    const [a, b] = together as [(typeof together)[0], (typeof together)[0]];
    expect(a.first).toBeLessThan(b.last);
    expect(b.first).toBeLessThan(a.last);
  });

  it("aborting mid-stream stops the generation and frees the sequence", async () => {
    const controller = new AbortController();
    const reason = new Error("the user pressed stop");
    const result = streamText({
      model: single(modelPath),
      prompt: "Lily had a dog",
      temperature: 0,
      maxOutputTokens: LONG_GENERATION,
      abortSignal: controller.signal,
    });
    let deltas = 0;
    let abortedAt = 0;
    let ending: unknown = "ended";
    try {
      for await (const _delta of result.textStream) {
        if (++deltas === 5) {
          abortedAt = performance.now();
          controller.abort(reason);
        }
      }
    } catch (error) {
      ending = error;
    }
    const endedAfter = performance.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect([reason, "ended"]).toContain(ending);
    expect(endedAfter).toBeLessThan(PROMPT_MS);

    // The only sequence is free again: had the long generation gone on, this would wait.
    const next = performance.now();
    const after = await generateText({
      model: single(modelPath),
      prompt: "Tom saw a big tree",
      temperature: 0,
      maxOutputTokens: 10,
    });
    expect(performance.now() - next).toBeLessThan(PROMPT_MS);
    expect(after.usage.outputTokens).toBe(10);
  });
});

describe("doStream", () => {
  it("emits stream-start, response-metadata, a text block and finish with usage", async () => {
    const { stream } = await provider(modelPath).doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "Once upon a time" }] }],
      temperature: 0,
      maxOutputTokens: 12,
    });
    const parts: LanguageModelV4StreamPart[] = [];
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      parts.push(read.value);
    }
    const types = parts.map((part) => part.type);
    expect(types.slice(0, 3)).toEqual(["stream-start", "response-metadata", "text-start"]);
    expect(types.slice(-2)).toEqual(["text-end", "finish"]);
    const middle = types.slice(3, -2);
    expect(middle.length).toBeGreaterThan(1);
    expect(middle.every((type) => type === "text-delta")).toBe(true);

    const finish = parts.at(-1);
    if (finish?.type !== "finish") throw new Error("no finish part");
    expect(finish.finishReason).toEqual({ unified: "length", raw: "max-tokens" });
    expect(finish.usage.outputTokens.total).toBe(12);
    expect(finish.usage.inputTokens.total).toBeGreaterThan(0);
  });

  it("cancelling the stream stops the generation and frees the sequence", async () => {
    const { stream } = await single(modelPath).doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "Lily had a dog" }] }],
      temperature: 0,
      maxOutputTokens: LONG_GENERATION,
    });
    const reader = stream.getReader();
    let deltas = 0;
    while (deltas < 3) {
      const { done, value } = await reader.read();
      if (done) throw new Error("the stream ended before it was cancelled");
      if (value.type === "text-delta") deltas++;
    }
    await reader.cancel();

    const next = performance.now();
    const after = await generateText({
      model: single(modelPath),
      prompt: "Tom saw a big tree",
      temperature: 0,
      maxOutputTokens: 10,
    });
    expect(performance.now() - next).toBeLessThan(PROMPT_MS);
    expect(after.usage.outputTokens).toBe(10);
  });
});
