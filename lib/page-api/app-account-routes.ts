import "server-only";
import { NextResponse } from "next/server";
import { getAuth } from "@/lib/accounts/app-auth";
import { catchResetLink } from "@/lib/accounts/reset-links";
import { getAppMcpServers } from "@/lib/mcp/app-mcp-servers";
import { pageModelChoices } from "@/lib/models/model-choice-ids";
import { ownerCookieName } from "@/lib/session/owner-cookie";
import { isHttpsRequest } from "@/lib/session/request-protocol";
import type { AccountRoutesOptions } from "./account-routes";

/** What the account and admin routes work with in the app: Better Auth, the models, the tools. */
export function appAccountRoutes(
  anonymousOwnerOf: (request: Request) => Promise<string | undefined>,
): AccountRoutesOptions {
  return {
    anonymousOwnerOf,
    forgetAnonymousOwner: (request, response) => {
      const answer = new NextResponse(response.body, response);
      answer.cookies.delete(ownerCookieName(isHttpsRequest(request.headers, request.url)));
      return answer;
    },
    models: pageModelChoices,
    tools: async () => {
      const statuses = await (await getAppMcpServers()).servers.status();
      return statuses.map((status) => ({
        server: status.name,
        tools: status.state === "ready" ? status.tools.map((t) => t.serverToolName) : [],
      }));
    },
    resetLink: async (request, email) => {
      const auth = await getAuth();
      return catchResetLink(() =>
        auth.api.requestPasswordReset({
          body: { email, redirectTo: "/reset-password" },
          headers: request.headers,
        }),
      );
    },
    people: async () => {
      const context = await (await getAuth()).$context;
      const users = await context.internalAdapter.listUsers();
      return new Map(users.map((user) => [user.id, { name: user.name, email: user.email }]));
    },
  };
}
