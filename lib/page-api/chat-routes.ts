import { createUIMessageStreamResponse } from "ai";
import { followReply, stopReply } from "@/lib/chat/live";
import { chatRequestSchema } from "@/lib/chat/request";
import { runChatTurn } from "@/lib/chat/turn";
import { readJsonBody } from "@/lib/http/read-json-body";
import type { PageApiOptions, PageRoute } from "./create-page-api";
import { refuse } from "./refusals";

export type ChatRoutes = PageRoute[];

/**
 * The streaming chat: a turn (`POST /api/chat`: what the page sent, answered with the reply's UI
 * message stream), Stop, and following a reply still being written after a reload.
 */
export function chatRoutes(options: PageApiOptions): ChatRoutes {
  return [
    {
      method: "POST",
      path: "/api/chat",
      run: async (request, { ownerId, viewer, store }) => {
        const body = await readJsonBody(request, options.maxBodyBytes);
        if (!body.ok && body.problem === "too-large") {
          refuse({ reason: "body-too-large", maxBytes: body.maxBytes });
        }
        if (!body.ok) refuse({ reason: "invalid-json" });
        const parsed = chatRequestSchema.safeParse(body.value);
        if (!parsed.success) refuse({ reason: "invalid-request" });
        const turn = await runChatTurn(
          { ...options.turn, store },
          ownerId,
          parsed.data,
          await viewer.access(),
        );
        if (turn.kind === "refused") refuse(turn.refusal);
        return createUIMessageStreamResponse({ stream: turn.stream });
      },
    },
    {
      method: "POST",
      path: "/api/chat/:id/stop",
      run: async (_request, { ownerId, store, id }) =>
        Response.json({ stopped: await stopReply(store, ownerId, id) }),
    },
    {
      // 204 when no reply is being written (the stored messages are then complete).
      method: "GET",
      path: "/api/chat/:id/stream",
      run: async (_request, { ownerId, store, id }) => {
        const stream = await followReply(store, ownerId, id, {
          staleAfterMs: options.staleAfterMs,
        });
        return stream
          ? createUIMessageStreamResponse({ stream })
          : new Response(null, { status: 204 });
      },
    },
  ];
}
