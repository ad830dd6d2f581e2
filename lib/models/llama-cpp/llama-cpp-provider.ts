import type { LanguageModelV4 } from "@ai-sdk/provider";
import { maxThreadsOf, type ThreadPlan } from "./engine/thread-plan";
import type { ThreadPlanKeeping } from "./engine/thread-plan-cache";
import { LlamaCppChatLanguageModel } from "./llama-cpp-chat-language-model";
import type { LlamaCppEmbeddingEngine } from "./llama-cpp-embedding-engine";
import { LlamaCppEmbeddingModel } from "./llama-cpp-embedding-model";
import type {
  LlamaCppDecode,
  LlamaCppDevice,
  LlamaCppEngine,
  LlamaCppGpu,
  LlamaCppQueueOrder,
  LlamaCppReasoning,
} from "./llama-cpp-engine";
import { LlamaCppError } from "./llama-cpp-error";
import { type ModelFileProgress, resolveModelFile } from "./resolve-model-file";

export type LlamaCppLoadProgress =
  | ({ phase: "download" } & ModelFileProgress)
  | { phase: "load"; fraction: number }
  | { phase: "ready"; device: LlamaCppDevice };

export interface LlamaCppProviderSettings {
  /** Where `hf:` models are downloaded to. Default `./models`. */
  modelsDirectory?: string;
  /** The setting that names this provider's models, for messages. Default `CHAT_MODEL`. */
  setting?: string;
  /**
   * Unset: measured when a model loads (on the CPU): for a chat model a count per batch size, for
   * an embedding model the fastest count for one input. A plan (a count per batch size) is for
   * chat models; an embedding model takes its count for the largest batches.
   */
  threads?: number | ThreadPlan;
  /** Where measured thread plans are kept per model and machine; unset, measured at every load. */
  threadPlan?: ThreadPlanKeeping;
  /** Default `auto`: a GPU when node-llama-cpp finds one, else the CPU. */
  gpu?: LlamaCppGpu;
  /** Model layers on the GPU: `auto` (default), `max` or a count. */
  gpuLayers?: "auto" | "max" | number;
  contextSize?: number;
  /** Most tokens per input of an embedding model. Default: its training context, at most 2048. */
  embeddingContextSize?: number;
  /** Requests one model serves at once. Default 4. */
  sequences?: number;
  /** `batched` or `parallel`; unset: `batched` on a GPU, `parallel` on the CPU (decision 0010). */
  decode?: LlamaCppDecode;
  /**
   * Requests that may wait for a sequence, or embedding calls for the embedding model; more are
   * refused (`queue-full`). Default 64.
   */
  maxQueue?: number;
  /** Whom a freed sequence goes to when requests wait: `fair` (default), owners in turn. */
  queueOrder?: LlamaCppQueueOrder;
  /** Keeps the last free sequence for someone holding none (default off): see the engine. */
  reserveSequence?: boolean;
  /** A newcomer's prompt before the others' decoding (default on, parallel decoding): see the engine. */
  prefillPriority?: boolean;
  /** The longest the others wait for one newcomer's prompt (default 3 s). */
  prefillMaxPauseMs?: number;
  /** Chat format for a GGUF without a chat template. Default `general`. */
  /**
   * The chat format (a node-llama-cpp wrapper name such as `chatML`) of a GGUF without a template
   * of its own; checked when the model loads. Default `general`.
   */
  fallbackChatWrapper?: string;
  /** A reasoning model's thinking when a call does not say. Unset: the model's default. */
  defaultReasoning?: LlamaCppReasoning;
  onProgress?: (modelId: string, progress: LlamaCppLoadProgress) => void;
  log?: (message: string) => void;
  /**
   * Loads the engine that runs a model id (a path or an `hf:` URI). Defaults to downloading the
   * file if needed and loading it with node-llama-cpp; unit tests inject their own.
   */
  loadEngine?: (modelId: string) => Promise<LlamaCppEngine>;
  /** The same for embedding models: node-llama-cpp's embedding context by default. */
  loadEmbeddingEngine?: (modelId: string) => Promise<LlamaCppEmbeddingEngine>;
}

/** The `provider` of every chat model this provider makes. */
export const LLAMA_CPP_PROVIDER = "llama-cpp.chat";
/** The `provider` of every embedding model this provider makes. */
export const LLAMA_CPP_EMBEDDING_PROVIDER = "llama-cpp.embedding";

export interface LlamaCppProvider {
  (modelId: string): LanguageModelV4;
  chatModel(modelId: string): LanguageModelV4;
  /** An AI SDK embedding model (for `embed`, `embedMany`) over a GGUF. */
  embeddingModel(modelId: string): LlamaCppEmbeddingModel;
  /** Frees every loaded model. */
  dispose(): Promise<void>;
}

/**
 * Each model id loads once, on its first request, and is then shared by every request;
 * a failed load is forgotten so that the next request tries again.
 */
export function createLlamaCpp(settings: LlamaCppProviderSettings = {}): LlamaCppProvider {
  const engineFor = loadOnce(settings.loadEngine ?? defaultEngineLoader(settings));
  const embeddingEngineFor = loadOnce(
    settings.loadEmbeddingEngine ?? defaultEmbeddingEngineLoader(settings),
  );

  const chatModel = (modelId: string) =>
    new LlamaCppChatLanguageModel(modelId, {
      provider: LLAMA_CPP_PROVIDER,
      engine: () => engineFor(modelId),
      defaultReasoning: settings.defaultReasoning,
    });

  const provider = (modelId: string) => chatModel(modelId);
  provider.chatModel = chatModel;
  provider.embeddingModel = (modelId: string) =>
    new LlamaCppEmbeddingModel(modelId, {
      provider: LLAMA_CPP_EMBEDDING_PROVIDER,
      engine: () => embeddingEngineFor(modelId),
    });
  provider.dispose = async () => {
    await Promise.allSettled([engineFor.dispose(), embeddingEngineFor.dispose()]);
  };
  return provider;
}

/** One engine per model id, loaded on first use and then shared; a failed load is forgotten. */
function loadOnce<E extends { dispose(): Promise<void> }>(load: (modelId: string) => Promise<E>) {
  const engines = new Map<string, Promise<E>>();
  const engineFor = (modelId: string): Promise<E> => {
    let engine = engines.get(modelId);
    if (!engine) {
      engine = load(modelId);
      engines.set(modelId, engine);
      engine.catch(() => engines.delete(modelId));
    }
    return engine;
  };
  engineFor.dispose = async () => {
    const loaded = [...engines.values()];
    engines.clear();
    await Promise.allSettled(loaded.map(async (engine) => (await engine).dispose()));
  };
  return engineFor;
}

/** Finds or downloads the GGUF, reporting download progress. */
function modelFile(settings: LlamaCppProviderSettings, modelId: string): Promise<string> {
  return resolveModelFile(modelId, {
    directory: settings.modelsDirectory ?? "./models",
    setting: settings.setting,
    onProgress: (progress) => settings.onProgress?.(modelId, { phase: "download", ...progress }),
  });
}

function defaultEngineLoader(settings: LlamaCppProviderSettings) {
  return async (modelId: string): Promise<LlamaCppEngine> => {
    const report = (progress: LlamaCppLoadProgress) => settings.onProgress?.(modelId, progress);
    const modelPath = await modelFile(settings, modelId);
    // node-llama-cpp loads here, on a local model's first use: a remote model never loads it.
    const [{ loadNodeLlamaCppEngine }, { isFallbackChatWrapperName }] = await Promise.all([
      import("./engine/node-llama-cpp-engine"),
      import("./engine/choose-chat-wrapper"),
    ]);
    const fallback = settings.fallbackChatWrapper ?? "general";
    if (!isFallbackChatWrapperName(fallback)) {
      throw new LlamaCppError({
        code: "model-load-failed",
        message: `LLAMA_FALLBACK_CHAT_WRAPPER=${JSON.stringify(fallback)} is not a chat format node-llama-cpp knows.`,
      });
    }
    const engine = await loadNodeLlamaCppEngine({
      modelPath,
      threads: settings.threads,
      threadPlan: settings.threadPlan,
      gpu: settings.gpu,
      gpuLayers: settings.gpuLayers,
      contextSize: settings.contextSize,
      sequences: settings.sequences ?? 4,
      decode: settings.decode,
      maxQueue: settings.maxQueue,
      queueOrder: settings.queueOrder,
      reserveSequence: settings.reserveSequence,
      prefillPriority: settings.prefillPriority,
      prefillMaxPauseMs: settings.prefillMaxPauseMs,
      fallbackChatWrapper: fallback,
      onLoadProgress: (fraction) => report({ phase: "load", fraction }),
      log: settings.log,
    });
    report({ phase: "ready", device: engine.device });
    return engine;
  };
}

function defaultEmbeddingEngineLoader(settings: LlamaCppProviderSettings) {
  return async (modelId: string): Promise<LlamaCppEmbeddingEngine> => {
    const report = (progress: LlamaCppLoadProgress) => settings.onProgress?.(modelId, progress);
    const modelPath = await modelFile(settings, modelId);
    const { loadNodeLlamaCppEmbeddingEngine } = await import(
      "./engine/node-llama-cpp-embedding-engine"
    );
    const engine = await loadNodeLlamaCppEmbeddingEngine({
      modelPath,
      // Its inputs are evaluated like prompts: a plan's count for the largest batches.
      threads:
        typeof settings.threads === "object" ? maxThreadsOf(settings.threads) : settings.threads,
      contextSize: settings.embeddingContextSize,
      maxQueue: settings.maxQueue,
      gpu: settings.gpu,
      gpuLayers: settings.gpuLayers,
      onLoadProgress: (fraction) => report({ phase: "load", fraction }),
      log: settings.log,
    });
    report({ phase: "ready", device: engine.device });
    return engine;
  };
}
