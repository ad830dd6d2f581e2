import { createUIMessageStreamResponse } from "ai";
import { followLiveReply } from "@/lib/chat/live-replies";
import { currentOwnerId } from "@/lib/session/current-owner";

export const dynamic = "force-dynamic";

/**
 * Resume: a page reloaded mid-reply follows the reply still being generated in this process,
 * from its first chunk. 204 when none is running (the stored messages are then complete).
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const ownerId = await currentOwnerId();
  const stream = ownerId ? followLiveReply(ownerId, id) : undefined;
  if (!stream) return new Response(null, { status: 204 });
  return createUIMessageStreamResponse({ stream });
}
