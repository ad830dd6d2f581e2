import type { Conversion } from "./conversion";
import { conversationFromOurJson, isOurConversationJson } from "./our-export-reader";

/**
 * Our own JSON export (our-export-writer.ts), one conversation or an array of them.
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
