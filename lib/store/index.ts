export type {
  ChatStore,
  Conversation,
  ConversationPage,
  ConversationSettings,
  ConversationWithMessages,
  ListOptions,
  MessagePatch,
  MessageStatus,
  NewConversation,
  NewMessage,
  StoredMessage,
} from "./chat-store";
export { messageStatuses } from "./chat-store";
export { ChatStoreError, type ChatStoreErrorCode } from "./chat-store-error";
export { type ConversationImport, conversationImportSchema } from "./conversation-import-schema";
export { maxTitleLength, titleFromMessage } from "./conversation-title";
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
