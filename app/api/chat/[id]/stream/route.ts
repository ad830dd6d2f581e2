import { createUIMessageStreamResponse } from "ai";
import { followStoredReply, isFollowable } from "@/lib/chat/follow-stored-reply";
import { followLiveReply } from "@/lib/chat/live-replies";
import { env } from "@/lib/env";
import { currentOwnerId } from "@/lib/session/current-owner";
import { currentPathOf, getChatStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * Resume: a page reloaded mid-reply follows the reply still being generated — in this process
 * from its first chunk, or, when another instance sharing the database generates it, through its
 * stored text (follow-stored-reply.ts). 204 when none is running (the stored messages are then
 * complete).
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const ownerId = await currentOwnerId();
  if (!ownerId) return new Response(null, { status: 204 });
  const live = followLiveReply(ownerId, id);
  if (live) return createUIMessageStreamResponse({ stream: live });

  const store = await getChatStore();
  const conversation = await store.getConversation(ownerId, id);
  const last = conversation && currentPathOf(conversation).at(-1);
  const staleAfterMs = env().CHAT_TOTAL_TIMEOUT_MS;
  if (!isFollowable(last, staleAfterMs)) return new Response(null, { status: 204 });
  return createUIMessageStreamResponse({
    stream: followStoredReply(store, ownerId, last, { staleAfterMs }),
  });
}
