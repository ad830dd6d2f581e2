import { apiErrorResponse } from "@/lib/http/api-error-response";
import { currentOwnerId } from "@/lib/session/current-owner";
import { exportConversationJson, exportConversationMarkdown, getChatStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/** Downloads a conversation: `?format=json` (re-importable) or `?format=markdown`. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "markdown") {
    return apiErrorResponse(
      400,
      "invalid-request",
      `Unknown format ${JSON.stringify(format)}: use json or markdown.`,
    );
  }
  const ownerId = await currentOwnerId();
  const conversation = ownerId
    ? await (await getChatStore()).getConversation(ownerId, id)
    : undefined;
  if (!conversation) {
    return apiErrorResponse(404, "not-found", "This conversation does not exist.");
  }
  const name = (conversation.title || "conversation")
    .replace(/[^\w -]+/g, "")
    .slice(0, 60)
    .trim();
  const [body, type, extension] =
    format === "json"
      ? [JSON.stringify(exportConversationJson(conversation), null, 2), "application/json", "json"]
      : [exportConversationMarkdown(conversation), "text/markdown; charset=utf-8", "md"];
  return new Response(body, {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${name || "conversation"}.${extension}"`,
    },
  });
}
