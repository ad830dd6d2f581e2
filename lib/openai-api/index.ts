export {
  type ApiCaller,
  type ApiKeyCheck,
  type ApiKeyVerdict,
  operatorKeyCheck,
  operatorOwnerId,
} from "./api-caller";
export { bearerKey, createApiKeyCheck } from "./authorize";
export { type CallerShares, type CallUsage, countingUsage, withinShare } from "./caller-share";
export type { OpenAIApiHandler, OpenAIApiOptions } from "./create-openai-api";
export { createOpenAIApi } from "./create-openai-api";
export type { OpenAIApiErrorCode } from "./error-codes";
export { errorCodes } from "./error-codes";
export type { OpenAIErrorBody } from "./openai-api-error";
export { OpenAIApiError } from "./openai-api-error";
export type { ChatCompletion, ChatCompletionChunk, OpenAIModel } from "./openai-types";
export type { ChatCompletionRequest, ConversationMessage } from "./schema";
export { sseResponse } from "./sse-response";
export { toOpenAIApiError } from "./to-openai-api-error";
