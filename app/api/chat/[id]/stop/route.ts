import { stopLiveReply } from "@/lib/chat/live-replies";
import { currentOwnerId } from "@/lib/session/current-owner";

export const dynamic = "force-dynamic";

/** Stop: aborts the conversation's running reply so the model stops computing. */
export async function POST(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const ownerId = await currentOwnerId();
  return Response.json({ stopped: ownerId ? stopLiveReply(ownerId, id) : false });
}
