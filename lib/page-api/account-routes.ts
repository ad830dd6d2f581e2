import { readJsonBody } from "@/lib/http/read-json-body";
import type { PageApiOptions, PageRoute, RouteContext } from "./create-page-api";
import { refuse } from "./refusals";

/** What /api/account and /api/admin work with (CHAT_AUTH=accounts). */
export interface AccountRoutesOptions {
  /** The browser's anonymous owner, from before it signed up (its signed cookie). */
  anonymousOwnerOf: (request: Request) => Promise<string | undefined>;
  /** The response, with the browser's anonymous owner cookie removed (it has been answered). */
  forgetAnonymousOwner: (request: Request, response: Response) => Response;
  /** The models people can pick, by choice id and name (the policy names them by id). */
  models: () => Array<{ id: string; name: string }>;
  /** The MCP servers and their tools' keys, for the policy's tool lists. */
  tools: () => Promise<Array<{ server: string; tools: string[] }>>;
  /** A one-time reset link for the person with this e-mail address; undefined: no such person. */
  resetLink: (request: Request, email: string) => Promise<string | undefined>;
  /** Name and e-mail of each person, by id (the usage report names its owners). */
  people: () => Promise<Map<string, { name: string; email: string }>>;
}

/** The signed-in person's own: conversations a browser had before it signed up (a claim). */
export function accountRoutes(options: PageApiOptions): PageRoute[] {
  return [
    {
      // How many conversations this browser has from before: the page offers them.
      method: "GET",
      path: "/api/account/claim",
      run: async (request, context) => {
        const from = await claimable(options, request, context);
        return Response.json({
          conversations: from ? await context.store.countConversations(from) : 0,
        });
      },
    },
    {
      // `{ "keep": true }` moves them into the account; `false` leaves them. Asked once either way.
      method: "POST",
      path: "/api/account/claim",
      run: async (request, context) => {
        const accounts = options.accounts ?? refuse({ reason: "accounts-off" });
        const read = await readJsonBody(request, 1024);
        const body = read.ok ? (read.value as { keep?: unknown } | null) : undefined;
        if (typeof body?.keep !== "boolean") refuse({ reason: "invalid-request" });
        const from = await claimable(options, request, context);
        const moved =
          from && body.keep ? await context.store.transferConversations(from, context.ownerId) : 0;
        return accounts.forgetAnonymousOwner(request, Response.json({ moved }));
      },
    },
  ];
}

async function claimable(
  options: PageApiOptions,
  request: Request,
  { viewer }: RouteContext,
): Promise<string | undefined> {
  const accounts = options.accounts ?? refuse({ reason: "accounts-off" });
  if (!viewer.person) refuse({ reason: "accounts-off" });
  const from = await accounts.anonymousOwnerOf(request);
  return from && from !== viewer.ownerId ? from : undefined;
}
