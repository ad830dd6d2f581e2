import { toConversationSummary } from "@/lib/chat/conversation/conversation-summary";
import { apiErrorResponse } from "@/lib/http/api-error-response";
import { currentOwnerId } from "@/lib/session/current-owner";
import { ChatStoreError, getChatStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * This browser's conversations for the sidebar: newest first (`?cursor=` for the next page), or
 * those matching `?q=`. A GET route rather than a server action: an action re-renders the
 * current route, and with it a chat that may be mid-reply.
 */
export async function GET(request: Request): Promise<Response> {
  const ownerId = await currentOwnerId();
  if (!ownerId) return Response.json({ conversations: [] });
  const params = new URL(request.url).searchParams;
  const store = await getChatStore();
  const query = params.get("q")?.trim().slice(0, 200);
  try {
    if (query) {
      const found = await store.searchConversations(ownerId, query, { limit: 50 });
      return Response.json({ conversations: found.map(toConversationSummary) });
    }
    const page = await store.listConversations(ownerId, {
      limit: 50,
      cursor: params.get("cursor") ?? undefined,
    });
    return Response.json({
      conversations: page.conversations.map(toConversationSummary),
      nextCursor: page.nextCursor,
    });
  } catch (error) {
    if (ChatStoreError.isInstance(error) && error.code === "invalid-cursor") {
      return apiErrorResponse(400, "invalid-request", error.message);
    }
    throw error;
  }
}
