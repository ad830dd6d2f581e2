// Our AI SDK provider for local GGUF models (chat and embeddings). Importing it loads nothing of
// node-llama-cpp: the engines load on a local model's first use (llama-cpp-provider.ts).
export type { FallbackChatWrapperName } from "./engine/choose-chat-wrapper";
export type { NodeLlamaCppEmbeddingEngineOptions } from "./engine/node-llama-cpp-embedding-engine";
export type { NodeLlamaCppEngineOptions } from "./engine/node-llama-cpp-engine";
export type { LlamaCppChatConfig } from "./llama-cpp-chat-language-model";
export { LlamaCppChatLanguageModel } from "./llama-cpp-chat-language-model";
export type { LlamaCppChatOptions } from "./llama-cpp-chat-options";
export type { LlamaCppEmbeddingEngine } from "./llama-cpp-embedding-engine";
export type {
  LlamaCppEmbeddingConfig,
  LlamaCppTokenEmbeddingOptions,
} from "./llama-cpp-embedding-model";
export {
  LLAMA_CPP_MAX_EMBEDDINGS_PER_CALL,
  LlamaCppEmbeddingModel,
} from "./llama-cpp-embedding-model";
export type { LlamaCppEmbeddingOptions } from "./llama-cpp-embedding-options";
export type { LlamaCppEmbeddingTraits } from "./llama-cpp-embedding-traits";
export type {
  LlamaCppDevice,
  LlamaCppEngine,
  LlamaCppGenerateRequest,
  LlamaCppGenerateResult,
  LlamaCppGpu,
  LlamaCppMessage,
  LlamaCppPromptRequest,
  LlamaCppReasoning,
  LlamaCppStopReason,
} from "./llama-cpp-engine";
export { llamaCppGpus } from "./llama-cpp-engine";
export type { LlamaCppContextOverflow } from "./llama-cpp-error";
export { LlamaCppError } from "./llama-cpp-error";
export type {
  LlamaCppLoadProgress,
  LlamaCppProvider,
  LlamaCppProviderSettings,
} from "./llama-cpp-provider";
export {
  createLlamaCpp,
  LLAMA_CPP_EMBEDDING_PROVIDER,
  LLAMA_CPP_PROVIDER,
} from "./llama-cpp-provider";
export type { LlamaCppQueuePlace } from "./llama-cpp-queue-place";
export { isLlamaCppQueuePlace } from "./llama-cpp-queue-place";
