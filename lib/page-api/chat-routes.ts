import { createUIMessageStreamResponse } from "ai";
import { followReply, stopReply } from "@/lib/chat/live";
import { chatRequestSchema } from "@/lib/chat/request";
import { runChatTurn } from "@/lib/chat/turn";
import { onResponseEnd } from "@/lib/http/on-response-end";
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
        const access = await viewer.access();
        const limits = access.kind === "role" ? access.limits : undefined;
        const share = await options.fairShares?.admit(ownerId, limits);
        if (share && !share.ok) refuse({ reason: "over-share", over: share.over });
        try {
          const turn = await runChatTurn({ ...options.turn, store }, ownerId, parsed.data, access);
          if (turn.kind === "refused") refuse(turn.refusal);
          const response = createUIMessageStreamResponse({ stream: turn.stream });
          // Held as one of the person's replies at once until its stream has been sent.
          return share ? onResponseEnd(response, share.done) : response;
        } catch (error) {
          share?.done();
          throw error;
        }
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
          maxFollowers: options.turn.settings.live.maxFollowers,
        });
        if (stream === "too-many") refuse({ reason: "too-many-followers" });
        return stream
          ? createUIMessageStreamResponse({ stream })
          : new Response(null, { status: 204 });
      },
    },
  ];
}
