export type {
  ChatStore,
  Conversation,
  ConversationPage,
  ConversationSettingsPatch,
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
export { maxTitleLength, titleFromMessage } from "./conversation-title";
export { currentPathOf } from "./current-path";
export {
  closeChatStore,
  getChatStore,
  type OpenChatStoreOptions,
  openChatStore,
  sharedDatabaseStaleAfterMs,
} from "./open-chat-store";
export type { NewFile, StoredFile, StoredFileInfo } from "./stored-file";
export type {
  JsonObject,
  StoredResponse,
  StoredResponseItem,
  StoredResponseStatus,
} from "./stored-response";
