import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { type LlamaEmbeddingContext, readGgufFileInfo, type Token } from "node-llama-cpp";
import type { LlamaCppEmbeddingEngine } from "../llama-cpp-embedding-engine";
import { embeddingTraitsOf } from "../llama-cpp-embedding-traits";
import type { LlamaCppDevice, LlamaCppGpu } from "../llama-cpp-engine";
import { LlamaCppError } from "../llama-cpp-error";
import { EmbeddingQueue } from "./embedding-queue";
import { flashAttentionSuits } from "./flash-attention";
import { kvCacheShapeOf } from "./kv-cache-size";
import { loadModelFile } from "./load-model-file";
import { measureEmbeddingThreads } from "./measure-embedding-threads";
import { sharedLlama } from "./shared-llama";

export interface NodeLlamaCppEmbeddingEngineOptions {
  /** A GGUF file on disk (see resolve-model-file.ts for URIs). */
  modelPath: string;
  /**
   * Threads that evaluate an input. Default: on the CPU, measured at load (the fastest count for
   * an input, measure-embedding-threads.ts: on a busy 2-core machine one thread, where two spin
   * waiting for each other); on a GPU, every core.
   */
  threads?: number;
  /** Most tokens per input, markers included. Default: the model's training context, at most 2048. */
  contextSize?: number;
  /** Calls that may wait for the model; more are refused with `queue-full`. Default 64. */
  maxQueue?: number;
  /** Default `auto`: a GPU when node-llama-cpp finds one, else the CPU. */
  gpu?: LlamaCppGpu;
  gpuLayers?: "auto" | "max" | number;
  onLoadProgress?: (fraction: number) => void;
  log?: (message: string) => void;
}

/** The default context: enough for long chunks, without a compute buffer sized for 8,192. */
const MAX_DEFAULT_CONTEXT = 2048;

/**
 * Loads a GGUF for embeddings on the process's one llama.cpp binding (shared-llama.ts) and serves
 * every call through one node-llama-cpp embedding context. node-llama-cpp reads a pooled vector
 * from a context's first sequence only, so one decode gives one embedding: the context's batch is
 * the whole context, so that any input that fits is evaluated in one batch (encoder models such
 * as BERT must see an input at once), and the inputs of all calls take turns through it
 * (embedding-queue.ts). Pooling is what the GGUF declares (llama.cpp applies it); a model without
 * pooling (a chat model) gives its last token's vector.
 */
export async function loadNodeLlamaCppEmbeddingEngine(
  options: NodeLlamaCppEmbeddingEngineOptions,
): Promise<LlamaCppEmbeddingEngine> {
  const log = options.log ?? (() => {});
  const { llama, fallbackReason } = await sharedLlama(options.gpu ?? "auto");
  const onGpu = llama.gpu !== false;
  let flashAttention: boolean;
  try {
    const { metadata } = await readGgufFileInfo(options.modelPath, {
      readTensorInfo: false,
      ignoreKeys: [
        "tokenizer.ggml.tokens",
        "tokenizer.ggml.scores",
        "tokenizer.ggml.token_type",
        "tokenizer.ggml.merges",
      ],
      logWarnings: false,
    });
    flashAttention = flashAttentionSuits(
      kvCacheShapeOf(metadata as unknown as Record<string, unknown>),
    );
  } catch (cause) {
    throw loadFailed(options.modelPath, cause);
  }
  // An embedding context takes no flashAttention option: the model's default for its contexts
  // is the only say, so it is set from the file's head width before loading.
  const model = await loadModelFile(
    llama,
    { ...options, ...(flashAttention ? {} : { defaultContextFlashAttention: false }) },
    (cause) => loadFailed(options.modelPath, cause),
  );
  const contextSize =
    options.contextSize ??
    Math.min(model.trainContextSize || MAX_DEFAULT_CONTEXT, MAX_DEFAULT_CONTEXT);
  let threads = options.threads ?? availableParallelism();
  let context: LlamaEmbeddingContext;
  try {
    if (options.threads === undefined && !onGpu) {
      const measured = await measureEmbeddingThreads(model);
      threads = measured.threads;
      log(
        `embedding threads measured (tokens/s of an input by threads): ${JSON.stringify(measured.tokensPerSecond)}`,
      );
    }
    context = await model.createEmbeddingContext({ contextSize, batchSize: contextSize, threads });
  } catch (cause) {
    await model.dispose();
    throw loadFailed(options.modelPath, cause);
  }

  const general = model.fileInfo.metadata.general;
  const traits = embeddingTraitsOf([general?.name, general?.basename, basename(options.modelPath)]);
  const queue = new EmbeddingQueue(
    async (tokens: readonly number[]) => (await context.getEmbeddingFor(asTokens(tokens))).vector,
    options.maxQueue ?? 64,
  );
  const device: LlamaCppDevice = onGpu
    ? {
        backend: llama.gpu || "cpu",
        names: await llama.getGpuDeviceNames(),
        gpuLayers: model.gpuLayers,
      }
    : { backend: "cpu", names: [], gpuLayers: 0, ...(fallbackReason ? { fallbackReason } : {}) };
  log(
    `embedding model ${basename(options.modelPath)}: ${model.embeddingVectorSize} dimensions, ` +
      `inputs of at most ${contextSize - 1} tokens, ${threads} threads` +
      `${flashAttention ? "" : " (flash attention off: narrow heads)"}, ` +
      `${device.backend === "cpu" ? "on the CPU" : `on ${device.backend}`}` +
      `${traits.matryoshka ? ", Matryoshka (dimensions may be shortened)" : ""}`,
  );

  return {
    modelName: basename(options.modelPath),
    device,
    dimensions: model.embeddingVectorSize,
    // node-llama-cpp refuses an input that fills the context: one slot stays free.
    maxInputTokens: contextSize - 1,
    vocabularySize: model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 0,
    traits,
    tokenize: (text) => model.tokenize(text),
    inputLength: (tokens) => context.calculateInputLength(asTokens(tokens)),
    async embed(inputs, signal) {
      try {
        return await queue.submit(inputs, signal);
      } catch (cause) {
        if (signal?.aborted || LlamaCppError.isInstance(cause)) throw cause;
        throw new LlamaCppError({
          code: "generation-failed",
          message: `The embedding model failed: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        });
      }
    },
    async dispose() {
      await context.dispose();
      await model.dispose();
    },
  };
}

/**
 * node-llama-cpp brands token ids; ours come from its tokenizer or were checked against the
 * vocabulary (llama-cpp-embedding-model.ts). It copies the array before adding markers.
 */
function asTokens(ids: readonly number[]): Token[] {
  return ids as Token[];
}

function loadFailed(modelPath: string, cause: unknown): LlamaCppError {
  return new LlamaCppError({
    code: "model-load-failed",
    message: `Could not load the embedding model ${modelPath}: ${cause instanceof Error ? cause.message : String(cause)}`,
    cause,
  });
}
