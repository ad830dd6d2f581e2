// Conversations in and out of the app: our own export format (written and read back) and the
// Markdown transcript, and importing export files — ours, ChatGPT's, Claude's, Open WebUI's.

export { type ImportReport, importConversations } from "./import-conversations";
export { ImportFileError } from "./import-file-error";
export {
  type ImportOutcome,
  type ImportRefusal,
  type ImportUploadOptions,
  importUpload,
} from "./import-upload";
export { exportConversationMarkdown } from "./markdown-transcript";
export { conversationFromOurJson, isOurConversationJson } from "./our-export-reader";
export { type ConversationJson, exportConversationJson } from "./our-export-writer";
