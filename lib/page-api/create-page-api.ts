import type { FairShares } from "@/lib/accounts/fair-shares";
import type { Viewer } from "@/lib/accounts/viewer";
import { logChatError, toChatError } from "@/lib/chat/error";
import type { ChatTurnDeps } from "@/lib/chat/turn";
import type { UploadOptions } from "@/lib/files";
import { requestPath } from "@/lib/http/request-path";
import type { ImportUploadOptions } from "@/lib/import";
import type { UploadIndexing } from "@/lib/retrieval/upload-indexing";
import type { ChatStore } from "@/lib/store";
import { type AccountRoutesOptions, accountRoutes } from "./account-routes";
import { adminRoutes } from "./admin-routes";
import { type ChatRoutes, chatRoutes } from "./chat-routes";
import { conversationRoutes } from "./conversation-routes";
import { fileRoutes } from "./file-routes";
import { PageApiRefusal, refusalResponse, refuse } from "./refusals";

export interface PageApiOptions {
  /**
   * Who the request is from (the signed-in person, or the browser's anonymous owner); undefined:
   * no session.
   */
  viewerOf: (request: Request) => Promise<Viewer | undefined>;
  /** The store, opened on first use. */
  store: () => Promise<ChatStore>;
  /** What a chat turn works with, but the store (lib/chat/turn). */
  turn: Omit<ChatTurnDeps, "store">;
  /** Largest chat request body read (413 beyond). */
  maxBodyBytes: number;
  /** How big an uploaded export may be, and how long and how much memory its import may take. */
  imports: Omit<ImportUploadOptions, "store">;
  /** What an attached file may be, and how its reading worker is started. */
  files: UploadOptions;
  /**
   * Retrieval's indexing of uploads (lib/retrieval/upload-indexing.ts): an upload starts indexing
   * a long file, and the page reads its state. Without it every file says `whole`.
   */
  fileIndexing?: UploadIndexing;
  /** A `streaming` reply not written for this long is not followed (its instance is gone). */
  staleAfterMs: number;
  /**
   * The app's request checks (host, origin, sign-in: lib/http/request-guard.ts) for the routes
   * proxy.ts leaves out — the import, whose body the proxy would buffer. Undefined: go on.
   */
  guard?: (request: Request) => Promise<Response | undefined>;
  /** Each person's share of the model: turns over it are refused (429) until they may go on. */
  fairShares?: FairShares;
  /** With accounts: what /api/account and /api/admin work with. Undefined: CHAT_AUTH=none. */
  accounts?: AccountRoutesOptions;
}

export type PageApiHandler = (request: Request) => Promise<Response>;

/** One route: its method, a path pattern whose `:id` segments are captured, and what it does. */
export interface PageRoute {
  method: "GET" | "POST" | "DELETE";
  path: string;
  run: (request: Request, context: RouteContext) => Promise<Response>;
}

export interface RouteContext {
  ownerId: string;
  viewer: Viewer;
  store: ChatStore;
  /** The path's `:id`, where it has one. */
  id: string;
}

/**
 * The page's own API (`/api/*`) as one web-standard handler, like /v1's: it reads the session,
 * routes, and answers every refusal from one table (refusals.ts) and every failure the same way.
 * Next's route file only mounts it.
 */
export function createPageApi(options: PageApiOptions): PageApiHandler {
  const routes: PageRoute[] = [
    ...chatRoutes(options),
    ...conversationRoutes(options),
    ...fileRoutes(options),
    ...accountRoutes(options),
    ...adminRoutes(options),
  ];

  const handle = async (request: Request): Promise<Response> => {
    const path = requestPath(request);
    const matches = routes.flatMap((route) => {
      const id = match(route.path, path);
      return id === undefined ? [] : [{ route, id }];
    });
    if (matches.length === 0) refuse({ reason: "unknown-url", method: request.method, path });
    const found = matches.find(({ route }) => route.method === request.method);
    if (!found) {
      refuse({
        reason: "method-not-allowed",
        allow: matches.map((m) => m.route.method).join(", "),
      });
    }
    const viewer = await options.viewerOf(request);
    if (!viewer) refuse({ reason: "no-session" });
    return found.route.run(request, {
      ownerId: viewer.ownerId,
      viewer,
      store: await options.store(),
      id: found.id,
    });
  };

  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      if (PageApiRefusal.isInstance(error)) return refusalResponse(error.refusal);
      const chatError = toChatError(error);
      logChatError(chatError);
      return Response.json(
        { error: { code: chatError.code, message: chatError.message } },
        { status: 500 },
      );
    }
  };
}

/** The `:id` of `path` when it matches `pattern` ("" for a pattern without one); else undefined. */
function match(pattern: string, path: string): string | undefined {
  const want = pattern.split("/");
  const have = path.split("/");
  if (want.length !== have.length) return undefined;
  let id = "";
  for (const [index, segment] of want.entries()) {
    const actual = have[index] ?? "";
    if (segment === ":id") {
      if (actual === "") return undefined;
      id = decodeURIComponent(actual);
    } else if (segment !== actual) return undefined;
  }
  return id;
}

export type { ChatRoutes };
