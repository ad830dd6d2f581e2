import { conversationFromChatgpt, looksLikeChatgptConversation } from "./chatgpt-export";
import { conversationFromClaude, looksLikeClaudeConversation } from "./claude-export";
import type { Conversion } from "./conversion";
import { conversationFromOpenWebui, looksLikeOpenWebuiChat } from "./open-webui-export";
import { conversationFromOurs, looksLikeOurConversation } from "./our-export";

/** A file format we import: how to recognise one of its conversations, and how to convert it. */
export interface ExportFormat {
  name: string;
  looksLike(value: unknown): boolean;
  convert(value: unknown): Conversion;
}

/** Ours first: its `format` field is certain, the others are told by their fields. */
export const exportFormats: readonly ExportFormat[] = [
  { name: "ours", looksLike: looksLikeOurConversation, convert: conversationFromOurs },
  { name: "ChatGPT", looksLike: looksLikeChatgptConversation, convert: conversationFromChatgpt },
  { name: "Claude", looksLike: looksLikeClaudeConversation, convert: conversationFromClaude },
  { name: "Open WebUI", looksLike: looksLikeOpenWebuiChat, convert: conversationFromOpenWebui },
];

export function formatOf(value: unknown): ExportFormat | undefined {
  return exportFormats.find((format) => format.looksLike(value));
}
