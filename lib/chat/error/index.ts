// What can stop a turn, with the sentence people read: ChatError (from whatever a model call
// threw) on the server, and readChatError for the page reading a refused request or a failed
// stream.
export {
  ChatError,
  type ChatErrorCode,
  type ChatErrorInfo,
  logChatError,
  toChatError,
} from "./chat-error";
export { type ReadChatError, readChatError } from "./read-chat-error";
