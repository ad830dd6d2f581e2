import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import { type Env, env } from "@/lib/env";
import { createLlamaCpp } from "./llama-cpp";
import { ModelConfigError } from "./model-config-error";
import {
  EMBEDDING_MODEL_SETTING,
  type ModelSpec,
  modelDisplayName,
  parseModelSpec,
} from "./model-spec";
import { createProgressLogger } from "./model-status";

export interface EmbeddingModelEntry {
  spec: ModelSpec;
  /** Its id on `/v1` (`GET /v1/models`, `model` of `/v1/embeddings`): the GGUF's file name, or the remote model's name. */
  name: string;
  /** For `embed` and `embedMany`, like any AI SDK embedding model. */
  model: EmbeddingModelV4;
}

/**
 * Turns a model spec into an AI SDK embedding model. Cheap: a local model is downloaded and loaded
 * on its first call, and shares the process's llama.cpp binding with the chat model.
 */
export function createEmbeddingModel(spec: ModelSpec, settings: Env): EmbeddingModelV4 {
  switch (spec.provider) {
    case "openai":
      if (!settings.OPENAI_API_KEY) {
        throw new ModelConfigError(
          `CHAT_EMBEDDING_MODEL uses OpenAI (${spec.model}) but OPENAI_API_KEY is not set.`,
        );
      }
      return createOpenAI({ apiKey: settings.OPENAI_API_KEY }).embeddingModel(spec.model);
    case "openai-compatible":
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: spec.baseURL,
        apiKey: settings.OPENAI_COMPATIBLE_API_KEY,
      }).embeddingModel(spec.model);
    case "local": {
      const logProgress = createProgressLogger(console.log, "embedding model");
      return createLlamaCpp({
        modelsDirectory: settings.LLAMA_MODELS_DIR,
        setting: EMBEDDING_MODEL_SETTING.name,
        threads: settings.CHAT_EMBEDDING_THREADS ?? settings.LLAMA_THREADS,
        embeddingContextSize: settings.CHAT_EMBEDDING_CONTEXT_SIZE,
        gpu: settings.LLAMA_GPU,
        gpuLayers: settings.LLAMA_GPU_LAYERS,
        maxQueue: settings.LLAMA_MAX_QUEUE,
        onProgress: logProgress,
        log: (message) => console.log(`[embedding model] ${message}`),
      }).embeddingModel(spec.model);
    }
  }
}

// On globalThis, as the chat model is: one embedding model per process, whichever bundle asks.
const key = Symbol.for("chat-completion.embedding-model");
const store = globalThis as { [key]?: { specText: string; entry: EmbeddingModelEntry } };

/** The embedding model CHAT_EMBEDDING_MODEL names, created on first use and then shared. */
export function getEmbeddingModel(): EmbeddingModelEntry {
  const settings = env();
  const specText = settings.CHAT_EMBEDDING_MODEL ?? "";
  const cached = store[key];
  if (cached?.specText === specText) return cached.entry;
  const spec = parseModelSpec(specText, EMBEDDING_MODEL_SETTING);
  const entry = { spec, name: modelDisplayName(spec), model: createEmbeddingModel(spec, settings) };
  store[key] = { specText, entry };
  return entry;
}
