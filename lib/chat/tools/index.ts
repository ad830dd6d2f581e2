// A conversation's MCP tools: which are on and always allowed, the tool set one reply may call,
// and the user's answers to calls waiting for approval. Browser-safe (MCP servers are passed in).
export {
  type ConversationTools,
  conversationTools,
  type ToolServerView,
  toolKeyOf,
  toolServerViews,
} from "./conversation-tools";
export { type AnsweredReply, answerToolCalls } from "./tool-answers";
export {
  defaultToolPreferences,
  type ToolPreferences,
  toolKey,
  toolPreferencesSchema,
} from "./tool-preferences";
