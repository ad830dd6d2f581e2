import { createUIMessageStreamResponse, type UIMessageChunk } from "ai";
import { followStoredReply, isFollowable } from "@/lib/chat/live/follow-stored-reply";
import { followLiveReply } from "@/lib/chat/live/live-replies";
import { toUIChunks } from "@/lib/chat/message/chat-ui-message";
import { env } from "@/lib/env";
import { currentOwnerId } from "@/lib/session/current-owner";
import { currentPathOf, getChatStore, type StoredMessage } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * Resume: a page reloaded mid-reply follows the reply still being generated — in this process
 * from its first chunk, or, when another instance sharing the database generates it, through its
 * stored text (follow-stored-reply.ts). 204 when none is running (the stored messages are then
 * complete). With `?reply=<id>` (a participant asked to speak by Continue: the page follows its
 * reply here), a reply that has already ended is sent whole from the store.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const ownerId = await currentOwnerId();
  if (!ownerId) return new Response(null, { status: 204 });
  const live = followLiveReply(ownerId, id);
  if (live) return createUIMessageStreamResponse({ stream: live });

  const store = await getChatStore();
  const replyId = new URL(request.url).searchParams.get("reply");
  if (replyId) {
    const reply = await store.getMessage(ownerId, replyId);
    if (reply?.conversationId === id && reply.status !== "streaming") {
      return createUIMessageStreamResponse({ stream: storedReplyStream(reply) });
    }
  }
  const conversation = await store.getConversation(ownerId, id);
  const last = conversation && currentPathOf(conversation).at(-1);
  const staleAfterMs = env().CHAT_TOTAL_TIMEOUT_MS;
  if (!isFollowable(last, staleAfterMs)) return new Response(null, { status: 204 });
  return createUIMessageStreamResponse({
    stream: followStoredReply(store, ownerId, last, { staleAfterMs }),
  });
}

/** A reply that has ended, as the stream that writes it (and how it ended). */
function storedReplyStream(reply: StoredMessage): ReadableStream<UIMessageChunk> {
  const ended = reply.status === "stopped" || reply.status === "failed" ? reply.status : undefined;
  return new ReadableStream({
    start(controller) {
      controller.enqueue({
        type: "start",
        messageId: reply.id,
        ...(reply.speaker ? { messageMetadata: { speaker: reply.speaker } } : {}),
      });
      for (const chunk of toUIChunks(reply.id, reply.parts).slice(1)) controller.enqueue(chunk);
      controller.enqueue({
        type: "finish",
        messageMetadata: {
          ...(reply.speaker ? { speaker: reply.speaker } : {}),
          ...(ended ? { ended } : {}),
        },
      });
      controller.close();
    },
  });
}
