export type { FallbackChatWrapperName } from "./engine/choose-chat-wrapper";
export { isFallbackChatWrapperName } from "./engine/choose-chat-wrapper";
export type { NodeLlamaCppEngineOptions } from "./engine/node-llama-cpp-engine";
export { loadNodeLlamaCppEngine } from "./engine/node-llama-cpp-engine";
export type { LlamaCppChatConfig } from "./llama-cpp-chat-language-model";
export { LlamaCppChatLanguageModel } from "./llama-cpp-chat-language-model";
export type { LlamaCppChatOptions } from "./llama-cpp-chat-options";
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
export { createLlamaCpp, LLAMA_CPP_PROVIDER } from "./llama-cpp-provider";
export type { LlamaCppQueuePlace } from "./llama-cpp-queue-place";
export { isLlamaCppQueuePlace } from "./llama-cpp-queue-place";
