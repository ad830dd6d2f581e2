import { toConversationSummary } from "@/lib/chat/conversation";
import { filePartsOf } from "@/lib/chat/message";
import { exportConversationJson, exportConversationMarkdown, importUpload } from "@/lib/import";
import { ChatStoreError } from "@/lib/store";
import type { PageApiOptions, PageRoute } from "./create-page-api";
import { refuse } from "./refusals";

/** The sidebar's list and search, a conversation's download, and importing export files. */
export function conversationRoutes(options: PageApiOptions): PageRoute[] {
  return [
    {
      // Newest first (`?cursor=` for the next page), or those matching `?q=`.
      method: "GET",
      path: "/api/conversations",
      run: async (request, { ownerId, store }) => {
        const params = new URL(request.url).searchParams;
        const query = params.get("q")?.trim().slice(0, 200);
        if (query) {
          const found = await store.searchConversations(ownerId, query, { limit: 50 });
          return Response.json({ conversations: found.map(toConversationSummary) });
        }
        try {
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
            refuse({ reason: "invalid-cursor", detail: error.message });
          }
          throw error;
        }
      },
    },
    {
      // `?format=json` (re-importable) or `?format=markdown`.
      method: "GET",
      path: "/api/conversations/:id/export",
      run: async (request, { ownerId, store, id }) => {
        const format = new URL(request.url).searchParams.get("format") ?? "json";
        if (format !== "json" && format !== "markdown") {
          refuse({ reason: "unknown-export-format", format });
        }
        const conversation = await store.getConversation(ownerId, id);
        if (!conversation) refuse({ reason: "conversation-not-found" });
        // The files its messages carry (not attachments never sent) go into the JSON.
        const sent = conversation.messages.flatMap((message) =>
          filePartsOf(message.parts).map((part) => part.fileId),
        );
        const files =
          format === "json" && sent.length > 0 ? await store.getFiles(ownerId, sent) : [];
        const name = (conversation.title || "conversation")
          .replace(/[^\w -]+/g, "")
          .slice(0, 60)
          .trim();
        const [body, type, extension] =
          format === "json"
            ? [
                JSON.stringify(exportConversationJson(conversation, files), null, 2),
                "application/json",
                "json",
              ]
            : [exportConversationMarkdown(conversation), "text/markdown; charset=utf-8", "md"];
        return new Response(body, {
          headers: {
            "content-type": type,
            "content-disposition": `attachment; filename="${name || "conversation"}.${extension}"`,
          },
        });
      },
    },
    {
      // An export file — ours, or ChatGPT's, Claude's or Open WebUI's — as the request body:
      // what was imported and what was left out, or one sentence saying why not.
      method: "POST",
      path: "/api/conversations/import",
      run: async (request, { ownerId, store }) => {
        const refused = await options.guard?.(request);
        if (refused) return refused;
        const outcome = await importUpload(request, ownerId, {
          store,
          ...options.imports,
          // Files in our exports are read again, as uploads are.
          worker: { ...options.imports.worker, files: options.files },
        });
        if (!outcome.ok) refuse(outcome.refusal);
        return Response.json(outcome.report);
      },
    },
  ];
}
