export {
  type ApiCaller,
  type ApiKeyCheck,
  type ApiKeyVerdict,
  operatorKeyCheck,
  operatorOwnerId,
} from "./api-caller";
export { bearerKey, createApiKeyCheck } from "./authorize";
export { type CallerShares, type CallUsage, countingUsage, withinShare } from "./caller-share";
export { checkFilePart, type FileAcceptance } from "./check-file-parts";
export {
  type ApiFilePart,
  readImageUrl,
  readPdfData,
  toPromptPart,
} from "./content-parts";
export type { OpenAIApiHandler, OpenAIApiOptions } from "./create-openai-api";
export { createOpenAIApi } from "./create-openai-api";
export type { EmbeddingInput, EmbeddingRequest } from "./embedding-schema";
export { MAX_EMBEDDING_INPUTS } from "./embedding-schema";
export type { OpenAIApiErrorCode } from "./error-codes";
export { errorCodes } from "./error-codes";
export type { OpenAIErrorBody } from "./openai-api-error";
export { OpenAIApiError } from "./openai-api-error";
export type {
  ChatCompletion,
  ChatCompletionChunk,
  EmbeddingList,
  OpenAIModel,
} from "./openai-types";
export type { LimitedFields, RequestLimits } from "./request-limits";
export { applyRequestLimits, requestLimitsFrom } from "./request-limits";
export type { ChatCompletionRequest, ConversationMessage } from "./schema";
export { sseResponse } from "./sse-response";
export { toOpenAIApiError } from "./to-openai-api-error";
