export type { AnthropicErrorBody, AnthropicErrorType } from "./anthropic-error";
export { anthropicErrors, toAnthropicFailure } from "./anthropic-error";
export type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicStreamEvent,
} from "./anthropic-types";
export type { AnthropicApiHandler, AnthropicApiOptions } from "./create-anthropic-api";
export { createAnthropicApi, MESSAGES_PATH } from "./create-anthropic-api";
export type { MessagesRequest } from "./schema";
export { toCallOptions } from "./to-call-options";
