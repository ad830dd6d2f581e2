import { stopLiveReply } from "@/lib/chat/live/live-replies";
import { currentOwnerId } from "@/lib/session/current-owner";
import { getChatStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * Stop: aborts the conversation's running reply so the model stops computing. A reply generated
 * by another instance (several sharing one database) is marked stopped in the store instead; that
 * instance stops its model at its next write of the reply (at most half a second later).
 */
export async function POST(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const ownerId = await currentOwnerId();
  if (!ownerId) return Response.json({ stopped: false });
  if (stopLiveReply(ownerId, id)) return Response.json({ stopped: true });
  const store = await getChatStore();
  return Response.json({ stopped: await store.stopStreamingReply(ownerId, id) });
}
