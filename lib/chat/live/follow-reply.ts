import type { UIMessageChunk } from "ai";
import { type ChatStore, currentPathOf } from "@/lib/store";
import { followStoredReply, isFollowable } from "./follow-stored-reply";
import { followLiveReply, stopLiveReply } from "./live-replies";

/**
 * The conversation's reply still being generated, for a page that reloaded mid-reply: in this
 * process from its first chunk, or — when another instance sharing the database generates it —
 * through its stored text. Undefined when none is running (the stored messages are complete).
 */
export async function followReply(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
  { staleAfterMs }: { staleAfterMs: number },
): Promise<ReadableStream<UIMessageChunk> | undefined> {
  const live = followLiveReply(ownerId, conversationId);
  if (live) return live;
  const conversation = await store.getConversation(ownerId, conversationId);
  const last = conversation && currentPathOf(conversation).at(-1);
  if (!isFollowable(last, staleAfterMs)) return undefined;
  return followStoredReply(store, ownerId, last, { staleAfterMs });
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
