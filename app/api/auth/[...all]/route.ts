import { accountsEnabled, getAuth } from "@/lib/accounts/app-auth";
import { apiErrorResponse } from "@/lib/http/api-error-response";

export const dynamic = "force-dynamic";

/**
 * Better Auth's own HTTP API at its default path (/api/auth/*: sign-up, sign-in, sessions, the
 * admin plugin, API keys, single sign-on), so that its clients and docs apply. More specific than
 * app/api/[...path], so Next routes these here. Without accounts there is none.
 */
async function handle(request: Request): Promise<Response> {
  if (!accountsEnabled()) {
    return apiErrorResponse(404, "accounts-off", "This server has no accounts (CHAT_AUTH=none).");
  }
  return (await getAuth()).handler(request);
}

export const GET = handle;
export const POST = handle;
