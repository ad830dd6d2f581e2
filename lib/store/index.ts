export type {
  ChatStore,
  Conversation,
  ConversationPage,
  ConversationSettings,
  ConversationTree,
  ListOptions,
  MessagePatch,
  MessageStatus,
  NewConversation,
  NewMessage,
  StoredMessage,
} from "./chat-store";
export { messageStatuses } from "./chat-store";
export { ChatStoreError, type ChatStoreErrorCode } from "./chat-store-error";
export type { ConversationImport, ImportedMessage } from "./conversation-import";
export {
  conversationFromOurJson,
  isOurConversationJson,
} from "./conversation-import-schema";
export { maxTitleLength, titleFromMessage } from "./conversation-title";
export { currentPathOf } from "./current-path";
export {
  type ConversationJson,
  exportConversationJson,
  exportConversationMarkdown,
} from "./export-conversation";
export {
  closeChatStore,
  getChatStore,
  type OpenChatStoreOptions,
  openChatStore,
  sharedDatabaseStaleAfterMs,
} from "./open-chat-store";
export type {
  JsonObject,
  StoredResponse,
  StoredResponseItem,
  StoredResponseStatus,
} from "./stored-response";
