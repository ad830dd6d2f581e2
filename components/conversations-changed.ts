"use client";

const EVENT = "chat:conversations-changed";

/**
 * The sidebar reloads its list when told, instead of the whole route refreshing: a refresh would
 * re-render the open chat mid-reply.
 */
export function announceConversationsChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onConversationsChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
