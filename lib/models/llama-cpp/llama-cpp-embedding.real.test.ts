/**
 * The embedding model over a real GGUF: stories260K (a tiny llama, no pooling declared, so its
 * vector is the last token's) through node-llama-cpp's embedding context, in this process. Its
 * vectors mean little; the tests check the mechanics: determinism, order, batching, limits.
 */
import { embed, embedMany } from "ai";
import { getLlama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { LlamaCppError } from "./llama-cpp-error";
import { createLlamaCpp, type LlamaCppProvider } from "./llama-cpp-provider";

let modelPath: string;
let provider: LlamaCppProvider;
/** Inputs of at most 63 tokens, to reach the limit cheaply. */
let small: LlamaCppProvider;

beforeAll(async () => {
  modelPath = await testModelPath("stories260K.gguf");
  // One thread: a model this small is fastest on one (decision 0004).
  provider = createLlamaCpp({ threads: 1 });
  small = createLlamaCpp({ threads: 1, embeddingContextSize: 64 });
});

afterAll(async () => {
  await provider?.dispose();
  await small?.dispose();
});

const model = () => provider.embeddingModel(modelPath);
const TEXTS = [
  "Lily and Tom went to the park.",
  "The dog was sad because it lost its bone.",
  "Mom made soup.",
];
/** Each value within `digits` decimals of the expected one. */
function expectCloseTo(
  actual: readonly number[] | undefined,
  expected: readonly number[],
  digits: number,
) {
  expect(actual).toHaveLength(expected.length);
  for (const [i, x] of (actual ?? []).entries())
    expect(x).toBeCloseTo(expected[i] as number, digits);
}

const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe("the local embedding model", () => {
  it("gives unit vectors of the model's width; the same text the same vector, other texts other vectors", async () => {
    const first = await embed({ model: model(), value: TEXTS[0] as string, maxRetries: 0 });
    const again = await embed({ model: model(), value: TEXTS[0] as string, maxRetries: 0 });
    const other = await embed({ model: model(), value: TEXTS[1] as string, maxRetries: 0 });
    expect(first.embedding).toHaveLength(64);
    expect(Math.hypot(...first.embedding)).toBeCloseTo(1, 6);
    expect(again.embedding).toEqual(first.embedding);
    expect(other.embedding).not.toEqual(first.embedding);
    expect(dot(first.embedding, other.embedding)).toBeLessThan(0.9999);
    // The start marker (BOS) is counted with the text's tokens.
    expect(first.usage.tokens).toBeGreaterThan(1);
  });

  it("a batch gives each input the vector it gets alone, in order, and the sum of their tokens", async () => {
    const alone = await Promise.all(
      TEXTS.map((value) => embed({ model: model(), value, maxRetries: 0 })),
    );
    const batch = await embedMany({ model: model(), values: TEXTS, maxRetries: 0 });
    expect(batch.embeddings).toEqual(alone.map((result) => result.embedding));
    expect(batch.usage.tokens).toBe(alone.reduce((sum, result) => sum + result.usage.tokens, 0));
  });

  it("is what node-llama-cpp's embedding context gives, normalized", async () => {
    const llama = await getLlama({ gpu: false, build: "never" });
    // As the engine loads a model with narrow heads (node-llama-cpp-embedding-engine.real.test.ts).
    const raw = await llama.loadModel({ modelPath, defaultContextFlashAttention: false });
    const context = await raw.createEmbeddingContext({ contextSize: 2048, threads: 1 });
    try {
      const { vector } = await context.getEmbeddingFor(TEXTS[2] as string);
      const length = Math.hypot(...vector);
      const ours = await embed({ model: model(), value: TEXTS[2] as string, maxRetries: 0 });
      expectCloseTo(
        ours.embedding,
        vector.map((x) => x / length),
        6,
      );
    } finally {
      await context.dispose();
      await raw.dispose();
    }
  });

  it("token ids go to the model as they are: the text's own tokens give the text's vector", async () => {
    const llama = await getLlama({ gpu: false, build: "never" });
    const raw = await llama.loadModel({ modelPath, vocabOnly: true });
    const tokens = raw.tokenize(TEXTS[1] as string);
    await raw.dispose();
    const fromText = await model().doEmbed({ values: [TEXTS[1] as string] });
    const fromTokens = await model().doEmbedTokens({ inputs: [tokens] });
    expect(fromTokens.embeddings).toEqual(fromText.embeddings);
    expect(fromTokens.usage).toEqual(fromText.usage);
  });

  it("refuses a token id outside the vocabulary, naming the input", async () => {
    await expect(
      model().doEmbedTokens({
        inputs: [
          [1, 2],
          [3, 512],
        ],
      }),
    ).rejects.toMatchObject({
      code: "invalid-input",
      inputIndex: 1,
      message: expect.stringContaining("512"),
    });
  });

  it("refuses an input longer than the context, naming it; the others are fine alone", async () => {
    const longText = "Lily and Tom went to the park. ".repeat(10);
    const error = await embedMany({
      model: small.embeddingModel(modelPath),
      values: ["Hi", longText],
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(LlamaCppError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "input-too-long", inputIndex: 1 });
    expect((error as Error).message).toMatch(
      /^input\[1\] is \d+ tokens; .* at most 63 per input\.$/,
    );
    await expect(
      embed({ model: small.embeddingModel(modelPath), value: "Hi", maxRetries: 0 }),
    ).resolves.toBeDefined();
  });

  it("refuses shorter vectors: stories260K was not trained Matryoshka-style", async () => {
    await expect(model().doEmbed({ values: ["Hi"], dimensions: 32 })).rejects.toMatchObject({
      code: "invalid-dimensions",
    });
  });

  it("a call aborted while it waits leaves the queue; the next call is answered", async () => {
    const many = Array.from({ length: 200 }, (_, i) => `Sentence ${i} about a red ball.`);
    const controller = new AbortController();
    const long = model().doEmbed({ values: many, abortSignal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(long).rejects.toThrow("stop");
    const { embedding } = await embed({ model: model(), value: "Hi", maxRetries: 0 });
    expect(embedding).toHaveLength(64);
  });
});
