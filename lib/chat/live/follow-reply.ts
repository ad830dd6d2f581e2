import type { UIMessageChunk } from "ai";
import { type ChatStore, currentPathOf } from "@/lib/store";
import { followStoredReply, isFollowable } from "./follow-stored-reply";
import { followLiveReply, stopLiveReply } from "./live-replies";

export interface FollowOptions {
  /** A `streaming` reply not written for this long is not followed (its instance is gone). */
  staleAfterMs: number;
  /** Most pages following one conversation's reply at once; more are refused. */
  maxFollowers: number;
}

// Pages following a reply another instance writes, by conversation, in this process: each polls
// the store, so they are bounded like a live reply's followers. On globalThis as live-replies.ts.
const key = Symbol.for("chat-completion.stored-followers");
const slot = globalThis as { [key]?: Map<string, number> };
slot[key] ??= new Map();
const storedFollowers: Map<string, number> = slot[key];

/**
 * The conversation's reply still being generated, for a page that reloaded mid-reply: in this
 * process from its first chunk, or — when another instance sharing the database generates it —
 * through its stored text. Undefined when none is running (the stored messages are complete);
 * `too-many` when the reply already has as many followers as it may.
 */
export async function followReply(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
  { staleAfterMs, maxFollowers }: FollowOptions,
): Promise<ReadableStream<UIMessageChunk> | "too-many" | undefined> {
  const live = followLiveReply(ownerId, conversationId);
  if (live) return live;
  const conversation = await store.getConversation(ownerId, conversationId);
  const last = conversation && currentPathOf(conversation).at(-1);
  if (!isFollowable(last, staleAfterMs)) return undefined;
  const following = storedFollowers.get(conversationId) ?? 0;
  if (following >= maxFollowers) return "too-many";
  storedFollowers.set(conversationId, following + 1);
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    const now = (storedFollowers.get(conversationId) ?? 1) - 1;
    if (now > 0) storedFollowers.set(conversationId, now);
    else storedFollowers.delete(conversationId);
  };
  const stream = followStoredReply(store, ownerId, last, { staleAfterMs });
  const reader = stream.getReader();
  return new ReadableStream<UIMessageChunk>({
    async pull(controller) {
      try {
        const read = await reader.read();
        if (read.done) {
          leave();
          controller.close();
        } else controller.enqueue(read.value);
      } catch (error) {
        leave();
        controller.error(error);
      }
    },
    cancel(reason) {
      leave();
      return reader.cancel(reason);
    },
  });
}

/**
 * Stop: aborts the conversation's running reply so the model stops computing. A reply generated
 * by another instance is marked stopped in the store instead; that instance stops its model at
 * its next write of the reply (at most half a second later). False when none was running.
 */
export async function stopReply(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
): Promise<boolean> {
  if (stopLiveReply(ownerId, conversationId)) return true;
  return store.stopStreamingReply(ownerId, conversationId);
}
