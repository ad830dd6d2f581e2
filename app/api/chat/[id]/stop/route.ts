import { stopReply } from "@/lib/chat/active-replies";

export const dynamic = "force-dynamic";

/** Stop: aborts the conversation's running reply so the model stops computing. */
export async function POST(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return Response.json({ stopped: stopReply(id) });
}
