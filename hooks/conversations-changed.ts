"use client";

import type { ConversationSummary } from "@/lib/chat/conversation";

const CHANGED = "chat:conversations-changed";
const UPDATED = "chat:conversation-updated";

/**
 * The sidebar learns of changes made elsewhere on the page by events rather than by the whole
 * route refreshing, which would re-render the open chat mid-reply. A turn tells it the
 * conversation as it is now (the stream carries it: no request); a rename, delete or import asks
 * it to reload its list.
 */
export function announceConversationsChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

export function onConversationsChanged(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}

export function announceConversation(summary: ConversationSummary): void {
  window.dispatchEvent(new CustomEvent<ConversationSummary>(UPDATED, { detail: summary }));
}

export function onConversationUpdated(
  listener: (summary: ConversationSummary) => void,
): () => void {
  const handle = (event: Event) => listener((event as CustomEvent<ConversationSummary>).detail);
  window.addEventListener(UPDATED, handle);
  return () => window.removeEventListener(UPDATED, handle);
}
