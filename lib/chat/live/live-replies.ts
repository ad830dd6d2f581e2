import type { UIMessageChunk } from "ai";

/**
 * Replies being generated in this process, by conversation. Each keeps the chunks sent so far,
 * so a page reloaded mid-reply can replay them and follow the rest live (resume), and its abort
 * controller, so that Stop (a request of its own) stops the model. Its readers are the response
 * that started it and the pages following it: a reply nobody reads any more — the page left and
 * no other page followed within `abandonAfterMs` — is stopped, so a client that starts replies
 * and goes away cannot keep the model busy; a reload follows in time and keeps it going. On
 * globalThis because Next.js may load this module once per bundle.
 */
export interface LiveReply {
  readonly ownerId: string;
  readonly conversationId: string;
  /** Aborted by Stop, by a newer reply in the same conversation, or when nobody reads it. */
  readonly signal: AbortSignal;
  /** Tees the reply's chunks: records one branch, returns the other for the response. */
  record<T extends UIMessageChunk>(stream: ReadableStream<T>): ReadableStream<T>;
}

export interface LiveReplyLimits {
  /** How long a reply nobody reads goes on before it is stopped (a reload comes back sooner). */
  abandonAfterMs: number;
  /** Most pages following one reply at once; more are refused. */
  maxFollowers: number;
}

interface Entry extends LiveReply {
  controller: AbortController;
  chunks: UIMessageChunk[];
  listeners: Set<(chunk: UIMessageChunk | null) => void>;
  limits: LiveReplyLimits;
  /** The response that started the reply is still being read. */
  responseRead: boolean;
  abandonTimer?: NodeJS.Timeout;
  done: boolean;
}

const DEFAULT_LIMITS: LiveReplyLimits = { abandonAfterMs: 30_000, maxFollowers: 8 };

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
  {
    replayFirst = [],
    limits = DEFAULT_LIMITS,
  }: { replayFirst?: UIMessageChunk[]; limits?: LiveReplyLimits } = {},
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
    limits,
    responseRead: true,
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
          clearTimeout(entry.abandonTimer);
          for (const listener of entry.listeners) listener(null);
          if (live.get(conversationId) === entry) live.delete(conversationId);
        }
      })();
      // The page that asked went away (closed, reloaded, navigated): the reply goes on while
      // someone follows it, or until a reload has had time to.
      return whenCancelled(forResponse, () => {
        entry.responseRead = false;
        watchReaders(entry);
      });
    },
  };
  live.set(conversationId, entry);
  return entry;
}

/** The same stream, saying when its reader cancels it. */
function whenCancelled<T>(stream: ReadableStream<T>, cancelled: () => void): ReadableStream<T> {
  const reader = stream.getReader();
  return new ReadableStream<T>({
    async pull(controller) {
      const read = await reader.read();
      if (read.done) controller.close();
      else controller.enqueue(read.value);
    },
    cancel(reason) {
      cancelled();
      // Not awaited: a tee's branch finishes cancelling only when the other branch (the record,
      // which goes on) is cancelled too.
      reader.cancel(reason).catch(() => {});
    },
  });
}

/** With nobody reading the reply, stop it after the grace time unless a follower comes. */
function watchReaders(entry: Entry): void {
  clearTimeout(entry.abandonTimer);
  if (entry.done || entry.responseRead || entry.listeners.size > 0) return;
  entry.abandonTimer = setTimeout(() => {
    if (entry.responseRead || entry.listeners.size > 0) return;
    entry.controller.abort(new Error("nobody reads this reply any more"));
  }, entry.limits.abandonAfterMs);
  entry.abandonTimer.unref?.();
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

/**
 * The running reply from its first chunk, then live to its end; undefined when none runs, and
 * `too-many` when it already has as many followers as it may.
 */
export function followLiveReply(
  ownerId: string,
  conversationId: string,
): ReadableStream<UIMessageChunk> | "too-many" | undefined {
  const entry = live.get(conversationId);
  if (!entry || entry.ownerId !== ownerId || entry.done) return undefined;
  if (entry.listeners.size >= entry.limits.maxFollowers) return "too-many";
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
      clearTimeout(entry.abandonTimer);
    },
    cancel() {
      if (listener) entry.listeners.delete(listener);
      watchReaders(entry);
    },
  });
}
