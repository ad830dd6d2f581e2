/**
 * Replies being generated in this process, by conversation id, so that Stop (a request of its
 * own) can abort the model call. Closing the tab does not: the reply goes on, bounded by the
 * timeout, so it can be kept. On globalThis because Next.js may load this module per bundle.
 */
const key = Symbol.for("chat-completion.active-replies");
const store = globalThis as { [key]?: Map<string, AbortController> };
if (!store[key]) store[key] = new Map();
const active: Map<string, AbortController> = store[key];

/** Registers a reply; a reply already running for the conversation is stopped first. */
export function startReply(conversationId: string): AbortController {
  active.get(conversationId)?.abort(new Error("superseded by a newer reply"));
  const controller = new AbortController();
  active.set(conversationId, controller);
  return controller;
}

export function finishReply(conversationId: string, controller: AbortController): void {
  if (active.get(conversationId) === controller) active.delete(conversationId);
}

/** Aborts the conversation's running reply; false when none is running. */
export function stopReply(conversationId: string): boolean {
  const controller = active.get(conversationId);
  if (!controller) return false;
  controller.abort(new Error("stopped by the user"));
  active.delete(conversationId);
  return true;
}
