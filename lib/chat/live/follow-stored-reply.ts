import type { UIMessageChunk } from "ai";
import { type EndedReply, endedOf } from "@/lib/chat/message";
import type { ChatStore, StoredMessage } from "@/lib/store";

export interface FollowStoredReplyOptions {
  /** How often the stored text is read. */
  intervalMs?: number;
  /** A reply not written for this long is no longer followed (its instance is presumably gone). */
  staleAfterMs: number;
}

/**
 * Whether a stored reply is worth following: still `streaming` and written recently enough to be
 * generated somewhere (another instance sharing the database).
 */
export function isFollowable(
  message: StoredMessage | undefined,
  staleAfterMs: number,
  now = Date.now(),
): message is StoredMessage {
  return (
    message?.role === "assistant" &&
    message.status === "streaming" &&
    now - message.updatedAt.getTime() < staleAfterMs
  );
}

/**
 * Follows a reply that another instance is generating, through the store: its stored text is read
 * every `intervalMs` and what is new is sent as text deltas, as a UI message stream the page's
 * resume reads like a live one. It ends when the reply is no longer `streaming` (with how it
 * ended), or when it has not been written for `staleAfterMs`. Polling costs one primary-key read
 * per follower per interval and needs nothing between instances (docs/storage.md).
 */
export function followStoredReply(
  store: ChatStore,
  ownerId: string,
  reply: StoredMessage,
  { intervalMs = 500, staleAfterMs }: FollowStoredReplyOptions,
): ReadableStream<UIMessageChunk> {
  const textId = `${reply.id}-text`;
  let sent = "";
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  return new ReadableStream<UIMessageChunk>({
    start(controller) {
      controller.enqueue({ type: "start", messageId: reply.id });
      controller.enqueue({ type: "text-start", id: textId });
      // The saver writes the whole text so far, so each write extends the last — except its
      // final character: a write between the two halves of a character (an emoji is two UTF-16
      // units) stores U+FFFD, which the next write replaces. Trailing U+FFFD waits for the end.
      const send = (text: string, final = false) => {
        const ready = final ? text : withoutTrailingReplacement(text);
        let from = sent.length;
        if (!ready.startsWith(sent)) {
          // Wait for a write that extends what was sent; a final text that does not is sent
          // from where the two part (the page then shows the difference once).
          if (!final) return;
          from = 0;
          while (from < sent.length && ready[from] === sent[from]) from++;
        }
        if (ready.length > from) {
          controller.enqueue({ type: "text-delta", id: textId, delta: ready.slice(from) });
        }
        sent = ready;
      };
      const end = (ended?: EndedReply, text?: string) => {
        if (text !== undefined) send(text, true);
        controller.enqueue({ type: "text-end", id: textId });
        controller.enqueue({ type: "finish", messageMetadata: ended ? { ended } : undefined });
        controller.close();
      };
      const poll = async () => {
        if (cancelled) return;
        try {
          const now = await store.getMessage(ownerId, reply.id);
          if (cancelled) return;
          if (!now) return end("failed");
          const ended = endedOf(now.status);
          if (ended) return end(ended, now.content);
          if (now.status === "complete" || !isFollowable(now, staleAfterMs)) {
            return end(undefined, now.content);
          }
          send(now.content);
          timer = setTimeout(poll, intervalMs);
        } catch (error) {
          controller.error(error);
        }
      };
      send(reply.content);
      timer = setTimeout(poll, intervalMs);
    },
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  });
}

/**
 * The text without the U+FFFD at its end. Counted back from the end: `/\uFFFD+$/` is tried from
 * every U+FFFD of a run that does not end the text, which takes time quadratic in the run.
 */
function withoutTrailingReplacement(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0xfffd) end--;
  return text.slice(0, end);
}
