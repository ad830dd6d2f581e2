// A conversation as the page shows and sets it: the path with its versions, the sidebar's
// summary, and its own settings. Browser-safe, but for versions.ts (store calls, used by the
// server's actions).
export {
  type ConversationSettings,
  conversationSettingsSchema,
  defaultConversationSettings,
  readConversationSettings,
  settingsOf,
} from "./conversation-settings";
export { type ConversationSummary, toConversationSummary } from "./conversation-summary";
export {
  type ConversationView,
  conversationView,
  type MessageVersions,
  pathVersions,
} from "./conversation-view";
export { deleteVersion, showVersion } from "./versions";
