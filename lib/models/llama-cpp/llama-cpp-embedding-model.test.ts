import { TooManyEmbeddingValuesForCallError } from "@ai-sdk/provider";
import { embed, embedMany } from "ai";
import { describe, expect, it } from "vitest";
import type { LlamaCppEmbeddingEngine } from "./llama-cpp-embedding-engine";
import { LlamaCppEmbeddingModel } from "./llama-cpp-embedding-model";
import type { LlamaCppEmbeddingTraits } from "./llama-cpp-embedding-traits";
import type { LlamaCppDevice } from "./llama-cpp-engine";
import { LlamaCppError } from "./llama-cpp-error";
import { createLlamaCpp } from "./llama-cpp-provider";

/**
 * Stands in for node-llama-cpp: a token per character (its code), a start marker, and a vector
 * of 4 made from the tokens: [length, sum, first token, 3]. Records what it was asked to embed.
 */
class FakeEmbeddingEngine implements LlamaCppEmbeddingEngine {
  readonly modelName = "fake-embed.gguf";
  readonly device: LlamaCppDevice = { backend: "cpu", names: [], gpuLayers: 0 };
  readonly dimensions = 4;
  readonly maxInputTokens = 10;
  readonly vocabularySize = 200;
  readonly calls: Array<{ inputs: (readonly number[])[]; signal?: AbortSignal }> = [];

  constructor(readonly traits: LlamaCppEmbeddingTraits = {}) {}

  tokenize(text: string): number[] {
    return [...text].map((character) => (character.codePointAt(0) ?? 0) % this.vocabularySize);
  }

  inputLength(tokens: readonly number[]): number {
    return tokens.length + 1;
  }

  async embed(inputs: readonly (readonly number[])[], signal?: AbortSignal) {
    this.calls.push({ inputs: [...inputs], signal });
    return inputs.map((tokens) => [
      tokens.length,
      tokens.reduce((a, b) => a + b, 0),
      tokens[0] ?? 0,
      3,
    ]);
  }

  async dispose(): Promise<void> {}
}

function setUp(traits?: LlamaCppEmbeddingTraits) {
  const engine = new FakeEmbeddingEngine(traits);
  const loads: string[] = [];
  const provider = createLlamaCpp({
    loadEmbeddingEngine: async (modelId) => {
      loads.push(modelId);
      return engine;
    },
  });
  return { engine, loads, model: provider.embeddingModel("fake-embed.gguf") };
}

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

const norm = (vector: readonly number[]) => Math.hypot(...vector);

describe("LlamaCppEmbeddingModel", () => {
  it("is an AI SDK embedding model: embedMany gets a unit vector per value, in order, and usage", async () => {
    const { engine, model, loads } = setUp();
    expect(model.specificationVersion).toBe("v4");
    expect(model.provider).toBe("llama-cpp.embedding");
    expect(model.modelId).toBe("fake-embed.gguf");
    expect(model.maxEmbeddingsPerCall).toBe(2048);
    expect(model.supportsParallelCalls).toBe(true);
    expect(LlamaCppEmbeddingModel.isInstance(model)).toBe(true);
    expect(LlamaCppEmbeddingModel.isInstance({ doEmbed: () => {} })).toBe(false);

    const { embeddings, usage } = await embedMany({ model, values: ["ab", "c"], maxRetries: 0 });
    // "ab" → tokens [97, 98]: [2, 195, 97, 3]; "c" → [99]: [1, 99, 99, 3]; each scaled to length 1.
    const ab = [2, 195, 97, 3].map((x) => x / Math.hypot(2, 195, 97, 3));
    const c = [1, 99, 99, 3].map((x) => x / Math.hypot(1, 99, 99, 3));
    expect(embeddings).toHaveLength(2);
    expectCloseTo(embeddings[0], ab, 12);
    expectCloseTo(embeddings[1], c, 12);
    // Tokens the model evaluates, its marker included: 3 + 2.
    expect(usage.tokens).toBe(5);
    expect(engine.calls.map((call) => call.inputs)).toEqual([[[97, 98], [99]]]);
    expect(loads).toEqual(["fake-embed.gguf"]);
  });

  it("embed gives one vector; the model is loaded once for every call", async () => {
    const { model, loads } = setUp();
    const { embedding } = await embed({ model, value: "hello", maxRetries: 0 });
    await embed({ model, value: "again", maxRetries: 0 });
    expect(norm(embedding)).toBeCloseTo(1, 12);
    expect(loads).toHaveLength(1);
  });

  it("takes at most 2048 values per call; embedMany splits a larger job into such calls", async () => {
    const { engine, model } = setUp();
    const values = Array.from({ length: 2049 }, (_, i) => `v${i}`);
    await expect(model.doEmbed({ values })).rejects.toThrow(TooManyEmbeddingValuesForCallError);
    await expect(model.doEmbedTokens({ inputs: values.map(() => [1]) })).rejects.toThrow(
      TooManyEmbeddingValuesForCallError,
    );
    expect(engine.calls).toEqual([]);
    const { embeddings } = await embedMany({ model, values, maxRetries: 0 });
    expect(embeddings).toHaveLength(2049);
    expect(engine.calls.map((call) => call.inputs.length).sort((a, b) => a - b)).toEqual([1, 2048]);
  });

  it("passes the call's abort signal to the engine", async () => {
    const { engine, model } = setUp();
    const controller = new AbortController();
    await model.doEmbed({ values: ["x"], abortSignal: controller.signal });
    expect(engine.calls[0]?.signal).toBe(controller.signal);
  });

  it("token-id inputs go to the engine as they are and give the same vector as their text", async () => {
    const { engine, model } = setUp();
    const fromText = await model.doEmbed({ values: ["hi"] });
    const fromTokens = await model.doEmbedTokens({ inputs: [[104, 105]] });
    expect(fromTokens.embeddings).toEqual(fromText.embeddings);
    expect(fromTokens.usage).toEqual({ tokens: 3 });
    expect(engine.calls[1]?.inputs).toEqual([[104, 105]]);
  });

  it.each([
    [
      [
        [1, 2],
        [3, 200],
      ],
      "input[1] holds the token id 200",
      1,
    ],
    [[[-1]], "token id -1", 0],
    [[[1.5]], "token id 1.5", 0],
    [[[1], []], "input[1] is empty", 1],
  ])("refuses token ids the model cannot read: %j", async (inputs, message, index) => {
    const { engine, model } = setUp();
    const error = await model.doEmbedTokens({ inputs }).catch((e: unknown) => e);
    expect(LlamaCppError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "invalid-input", inputIndex: index });
    expect((error as Error).message).toContain(message);
    expect(engine.calls).toEqual([]);
  });

  it("refuses an empty text, naming it, without embedding any", async () => {
    const { engine, model } = setUp();
    await expect(model.doEmbed({ values: ["a", ""] })).rejects.toMatchObject({
      code: "invalid-input",
      inputIndex: 1,
      message: "input[1] is empty: there is nothing to embed.",
    });
    expect(engine.calls).toEqual([]);
  });

  it("refuses an input longer than the model reads, naming it and its length", async () => {
    const { engine, model } = setUp();
    // 10 tokens + the marker = 11 > 10.
    await expect(model.doEmbed({ values: ["short", "0123456789"] })).rejects.toMatchObject({
      code: "input-too-long",
      inputIndex: 1,
      message: "input[1] is 11 tokens; the embedding model reads at most 10 per input.",
    });
    await expect(model.doEmbed({ values: ["012345678"] })).resolves.toMatchObject({
      usage: { tokens: 10 },
    });
    expect(engine.calls).toHaveLength(1);
  });

  describe("dimensions", () => {
    it("the model's own width is always allowed", async () => {
      const { model } = setUp();
      const { embeddings } = await model.doEmbed({ values: ["ab"], dimensions: 4 });
      expect(embeddings[0]).toHaveLength(4);
    });

    it("a model not trained Matryoshka-style refuses a shorter vector", async () => {
      const { engine, model } = setUp();
      await expect(model.doEmbed({ values: ["ab"], dimensions: 2 })).rejects.toMatchObject({
        code: "invalid-dimensions",
        message: expect.stringContaining("not trained to be shortened (Matryoshka)"),
      });
      expect(engine.calls).toEqual([]);
    });

    it("a Matryoshka model gives the first n values, normalized again", async () => {
      const { model } = setUp({ matryoshka: { minDimensions: 2 } });
      const { embeddings } = await model.doEmbed({ values: ["ab"], dimensions: 2 });
      const scale = Math.hypot(2, 195);
      expect(embeddings[0]?.[0]).toBeCloseTo(2 / scale, 12);
      expect(embeddings[0]?.[1]).toBeCloseTo(195 / scale, 12);
      expect(embeddings[0]).toHaveLength(2);
    });

    it.each([1, 5, 2.5])("a Matryoshka model refuses %d (outside 2..4)", async (dimensions) => {
      const { model } = setUp({ matryoshka: { minDimensions: 2 } });
      await expect(model.doEmbed({ values: ["ab"], dimensions })).rejects.toMatchObject({
        code: "invalid-dimensions",
        message: expect.stringContaining("ask for 2 to 4"),
      });
    });
  });

  describe("providerOptions.llamaCpp.inputType", () => {
    const prefixes = { query: "q: ", document: "d: " };

    it("puts the model's own prefix in front of each value", async () => {
      const { engine, model } = setUp({ prefixes });
      const tokenize = (text: string) => engine.tokenize(text);
      await model.doEmbed({ values: ["x"], providerOptions: { llamaCpp: { inputType: "query" } } });
      await model.doEmbed({
        values: ["x"],
        providerOptions: { llamaCpp: { inputType: "document" } },
      });
      await model.doEmbed({ values: ["x"] });
      expect(engine.calls.map((call) => call.inputs[0])).toEqual([
        tokenize("q: x"),
        tokenize("d: x"),
        tokenize("x"),
      ]);
    });

    it("adds nothing for a model without prefixes, and refuses an unknown type", async () => {
      const { engine, model } = setUp();
      await model.doEmbed({ values: ["x"], providerOptions: { llamaCpp: { inputType: "query" } } });
      expect(engine.calls[0]?.inputs).toEqual([engine.tokenize("x")]);
      await expect(
        model.doEmbed({ values: ["x"], providerOptions: { llamaCpp: { inputType: "title" } } }),
      ).rejects.toThrow("invalid llamaCpp provider options");
    });
  });
});
