import {
  type EmbeddingModelV4,
  type EmbeddingModelV4CallOptions,
  type EmbeddingModelV4Result,
  TooManyEmbeddingValuesForCallError,
} from "@ai-sdk/provider";
import { parseProviderOptions } from "@ai-sdk/provider-utils";
import type { LlamaCppEmbeddingEngine } from "./llama-cpp-embedding-engine";
import { llamaCppEmbeddingOptionsSchema } from "./llama-cpp-embedding-options";
import { LlamaCppError } from "./llama-cpp-error";
import { normalizeEmbedding } from "./normalize-embedding";

export interface LlamaCppEmbeddingConfig {
  provider: string;
  /** Resolves to the loaded model; called per call, so it must cache (the provider does). */
  engine: () => Promise<LlamaCppEmbeddingEngine>;
}

/** OpenAI's limit of inputs per request; `embedMany` splits larger jobs into calls of this size. */
export const LLAMA_CPP_MAX_EMBEDDINGS_PER_CALL = 2048;

/** What an embedding call of token ids takes: `doEmbed`'s options with ids instead of text. */
export interface LlamaCppTokenEmbeddingOptions {
  /** Each input as token ids of this model's vocabulary, without start/end markers. */
  inputs: readonly (readonly number[])[];
  dimensions?: number;
  abortSignal?: AbortSignal;
}

const marker = Symbol.for("chat-completion.llama-cpp.embedding-model");

/**
 * An AI SDK embedding model (EmbeddingModelV4) over a GGUF model running in this process. Vectors
 * are normalized to length 1; `dimensions` shortens them only for a Matryoshka-trained model.
 */
export class LlamaCppEmbeddingModel implements EmbeddingModelV4 {
  readonly [marker] = true;
  readonly specificationVersion = "v4";
  readonly maxEmbeddingsPerCall = LLAMA_CPP_MAX_EMBEDDINGS_PER_CALL;
  /** Calls share the model: their inputs take turns, so a short call is not stuck behind a long one. */
  readonly supportsParallelCalls = true;
  readonly modelId: string;
  private readonly config: LlamaCppEmbeddingConfig;

  constructor(modelId: string, config: LlamaCppEmbeddingConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  /**
   * Works across module copies (Next.js may load this module once per bundle, and the model is
   * shared through globalThis), unlike `instanceof`.
   */
  static isInstance(model: unknown): model is LlamaCppEmbeddingModel {
    return typeof model === "object" && model !== null && marker in model;
  }

  /** Loads the model now (download included) instead of on the first call. */
  async load(): Promise<void> {
    await this.config.engine();
  }

  async doEmbed(options: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    this.checkCount(options.values);
    const settings = await parseProviderOptions({
      provider: "llamaCpp",
      providerOptions: options.providerOptions,
      schema: llamaCppEmbeddingOptionsSchema,
    });
    const engine = await this.config.engine();
    const prefix = settings?.inputType ? (engine.traits.prefixes?.[settings.inputType] ?? "") : "";
    const inputs = options.values.map((value, index) => {
      if (value === "") throw emptyInput(index);
      return engine.tokenize(prefix + value);
    });
    return this.embed(engine, inputs, options);
  }

  /** OpenAI's `input` as token ids: each array goes to the model as it is, with its markers. */
  async doEmbedTokens(options: LlamaCppTokenEmbeddingOptions): Promise<EmbeddingModelV4Result> {
    this.checkCount(options.inputs);
    const engine = await this.config.engine();
    options.inputs.forEach((tokens, index) => {
      const unknown = tokens.find(
        (token) => !Number.isInteger(token) || token < 0 || token >= engine.vocabularySize,
      );
      if (unknown !== undefined) {
        throw new LlamaCppError({
          code: "invalid-input",
          message: `input[${index}] holds the token id ${unknown}, which the model does not know (its ids are 0 to ${engine.vocabularySize - 1}).`,
          inputIndex: index,
        });
      }
    });
    return this.embed(engine, options.inputs, options);
  }

  private async embed(
    engine: LlamaCppEmbeddingEngine,
    inputs: readonly (readonly number[])[],
    options: { dimensions?: number; abortSignal?: AbortSignal },
  ): Promise<EmbeddingModelV4Result> {
    const width = this.widthFor(engine, options.dimensions);
    let tokens = 0;
    inputs.forEach((input, index) => {
      if (input.length === 0) throw emptyInput(index);
      const length = engine.inputLength(input);
      if (length > engine.maxInputTokens) {
        throw new LlamaCppError({
          code: "input-too-long",
          message: `input[${index}] is ${length} tokens; the embedding model reads at most ${engine.maxInputTokens} per input.`,
          inputIndex: index,
        });
      }
      tokens += length;
    });
    const vectors = await engine.embed(inputs, options.abortSignal);
    return {
      embeddings: vectors.map((vector) => normalizeEmbedding(vector, width)),
      usage: { tokens },
      warnings: [],
    };
  }

  /** As every AI SDK provider does: `embedMany` splits larger jobs, a direct call is refused. */
  private checkCount(values: readonly unknown[]): void {
    if (values.length <= this.maxEmbeddingsPerCall) return;
    throw new TooManyEmbeddingValuesForCallError({
      provider: this.provider,
      modelId: this.modelId,
      maxEmbeddingsPerCall: this.maxEmbeddingsPerCall,
      values: [...values],
    });
  }

  /** The width asked for, if the model can give it. */
  private widthFor(engine: LlamaCppEmbeddingEngine, dimensions: number | undefined): number {
    const native = engine.dimensions;
    if (dimensions === undefined || dimensions === native) return native;
    const refuse = (why: string) =>
      new LlamaCppError({
        code: "invalid-dimensions",
        message: `${engine.modelName} cannot give ${dimensions}-dimensional embeddings: ${why}`,
      });
    const matryoshka = engine.traits.matryoshka;
    if (!matryoshka) {
      throw refuse(
        `its vectors have ${native} dimensions and it was not trained to be shortened (Matryoshka). Leave dimensions out.`,
      );
    }
    if (
      !Number.isInteger(dimensions) ||
      dimensions < matryoshka.minDimensions ||
      dimensions > native
    ) {
      throw refuse(`ask for ${matryoshka.minDimensions} to ${native}.`);
    }
    return dimensions;
  }
}

function emptyInput(index: number): LlamaCppError {
  return new LlamaCppError({
    code: "invalid-input",
    message: `input[${index}] is empty: there is nothing to embed.`,
    inputIndex: index,
  });
}
