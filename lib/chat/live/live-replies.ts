import type { UIMessageChunk } from "ai";

/**
 * Replies being generated in this process, by conversation. Each keeps the chunks sent so far,
 * so a page reloaded mid-reply can replay them and follow the rest live (resume), and its abort
 * controller, so that Stop (a request of its own) stops the model. Closing the tab does neither:
 * the reply goes on, bounded by the timeout, and is saved. On globalThis because Next.js may
 * load this module once per bundle.
 */
export interface LiveReply {
  readonly ownerId: string;
  readonly conversationId: string;
  /** Aborted by Stop or by a newer reply in the same conversation. */
  readonly signal: AbortSignal;
  /** Tees the reply's chunks: records one branch, returns the other for the response. */
  record<T extends UIMessageChunk>(stream: ReadableStream<T>): ReadableStream<T>;
}

interface Entry extends LiveReply {
  controller: AbortController;
  chunks: UIMessageChunk[];
  listeners: Set<(chunk: UIMessageChunk | null) => void>;
  done: boolean;
}

const key = Symbol.for("chat-completion.live-replies");
const store = globalThis as { [key]?: Map<string, Entry> };
if (!store[key]) store[key] = new Map();
const live: Map<string, Entry> = store[key];

/**
 * `replayFirst`: for a reply that continues a stored one (after the user answered its tool
 * calls), the chunks that rebuild what it already had, so a reloaded page following it gets the
 * whole message, not only its continuation.
 */
export function startLiveReply(
  ownerId: string,
  conversationId: string,
  { replayFirst = [] }: { replayFirst?: UIMessageChunk[] } = {},
): LiveReply {
  live.get(conversationId)?.controller.abort(new Error("superseded by a newer reply"));
  const controller = new AbortController();
  const entry: Entry = {
    ownerId,
    conversationId,
    controller,
    signal: controller.signal,
    chunks: [...replayFirst],
    listeners: new Set(),
    done: false,
    record<T extends UIMessageChunk>(stream: ReadableStream<T>): ReadableStream<T> {
      const [forResponse, forRecord] = stream.tee();
      (async () => {
        const reader = forRecord.getReader();
        try {
          for (let read = await reader.read(); !read.done; read = await reader.read()) {
            entry.chunks.push(read.value);
            for (const listener of entry.listeners) listener(read.value);
          }
        } catch {
          // The reply failed; its error reached the response, and the store marks it.
        } finally {
          entry.done = true;
          for (const listener of entry.listeners) listener(null);
          if (live.get(conversationId) === entry) live.delete(conversationId);
        }
      })();
      return forResponse;
    },
  };
  live.set(conversationId, entry);
  return entry;
}

/** Stops the conversation's running reply; false when none is running for this owner. */
export function stopLiveReply(ownerId: string, conversationId: string): boolean {
  const entry = live.get(conversationId);
  if (!entry || entry.ownerId !== ownerId) return false;
  entry.controller.abort(new Error("stopped by the user"));
  return true;
}

export function isReplyLive(ownerId: string, conversationId: string): boolean {
  const entry = live.get(conversationId);
  return entry !== undefined && entry.ownerId === ownerId && !entry.done;
}

/** The running reply from its first chunk, then live to its end; undefined when none runs. */
export function followLiveReply(
  ownerId: string,
  conversationId: string,
): ReadableStream<UIMessageChunk> | undefined {
  const entry = live.get(conversationId);
  if (!entry || entry.ownerId !== ownerId || entry.done) return undefined;
  let listener: ((chunk: UIMessageChunk | null) => void) | undefined;
  return new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of entry.chunks) controller.enqueue(chunk);
      listener = (chunk) => {
        if (chunk === null) {
          entry.listeners.delete(listener as never);
          controller.close();
        } else {
          controller.enqueue(chunk);
        }
      };
      entry.listeners.add(listener);
    },
    cancel() {
      if (listener) entry.listeners.delete(listener);
    },
  });
}
