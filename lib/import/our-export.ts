import {
  conversationFromOurJson,
  isOurConversationJson,
} from "@/lib/store/conversation-import-schema";
import type { Conversion } from "./conversion";

/**
 * Our own JSON export (lib/store/export-conversation.ts), one conversation or an array of them.
 * The store's reader does the work; nothing in our format is left out, so nothing is noted.
 */
export function looksLikeOurConversation(value: unknown): boolean {
  return isOurConversationJson(value);
}

export function conversationFromOurs(value: unknown): Conversion {
  const read = conversationFromOurJson(value);
  return read.ok
    ? { ok: true, conversation: read.conversation, skipped: [] }
    : { ok: false, reason: read.message };
}
