import type { UIMessageChunk } from "ai";
import type { ChatStore, StoredMessage } from "@/lib/store";
import type { ReplyMetadata } from "./chat-ui-message";

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
      const send = (text: string) => {
        // The saver writes the whole text so far: each write extends the last.
        if (text.length > sent.length && text.startsWith(sent)) {
          controller.enqueue({ type: "text-delta", id: textId, delta: text.slice(sent.length) });
          sent = text;
        }
      };
      const end = (ended?: ReplyMetadata["ended"]) => {
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
          send(now.content);
          if (now.status === "stopped" || now.status === "failed") return end(now.status);
          if (now.status === "complete") return end();
          if (!isFollowable(now, staleAfterMs)) return end();
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
