import type { LlamaCppEmbeddingTraits } from "./llama-cpp-embedding-traits";
import type { LlamaCppDevice } from "./llama-cpp-engine";

/**
 * The seam between our embedding model (llama-cpp-embedding-model.ts) and node-llama-cpp, as
 * `LlamaCppEngine` is for chat: the model speaks only this, so its unit tests inject a fake; the
 * real one (engine/node-llama-cpp-embedding-engine.ts) runs a GGUF in this process.
 */
export interface LlamaCppEmbeddingEngine {
  /** A stable name for the loaded model, e.g. the GGUF file name. */
  readonly modelName: string;
  readonly device: LlamaCppDevice;
  /** Width of the vectors the model makes. */
  readonly dimensions: number;
  /** Most tokens one input may have, the markers the model adds around it included. */
  readonly maxInputTokens: number;
  /** Token ids the model knows: 0 to `vocabularySize - 1`. */
  readonly vocabularySize: number;
  /** What is known about how the model was trained (Matryoshka, task prefixes). */
  readonly traits: LlamaCppEmbeddingTraits;
  /** The text's token ids, without the markers the model adds around an input. */
  tokenize(text: string): number[];
  /** Tokens the model evaluates for these ids: with its start/end markers. */
  inputLength(tokens: readonly number[]): number;
  /**
   * The model's vectors for these inputs (token ids as `tokenize` gives them), in order, as the
   * model pools them and not normalized. Aborting drops the inputs not yet started; the call
   * then rejects with the signal's reason. Many calls may run at once: they take turns.
   */
  embed(
    inputs: readonly (readonly number[])[],
    signal?: AbortSignal,
  ): Promise<(readonly number[])[]>;
  dispose(): Promise<void>;
}
