import "server-only";
import { env } from "@/lib/env";
import { operatorKeyId } from "@/lib/session/operator-keys";
import { sessionSecret } from "@/lib/session/session-secret";
import { allowedHostsFrom } from "./allowed-hosts";
import { checkRequest, type RequestGuardOptions, refusalResponse } from "./request-guard";

let options: Promise<RequestGuardOptions> | undefined;

/**
 * The app's request checks with its settings: the refusal to answer with, or undefined to go on.
 * Built on the first request, when Next has set PORT to the port it listens on.
 */
export async function guardAppRequest(
  request: Request,
  cookieOf: (name: string) => string | undefined,
): Promise<Response | undefined> {
  options ??= appGuardOptions().catch((error: unknown) => {
    options = undefined;
    throw error;
  });
  const refusal = await checkRequest(request, await options, cookieOf);
  return refusal && refusalResponse(request, refusal);
}

async function appGuardOptions(): Promise<RequestGuardOptions> {
  const settings = env();
  const allowedHosts = allowedHostsFrom({
    host: settings.HOST,
    port: settings.PORT,
    extra: settings.CHAT_ALLOWED_HOSTS,
  });
  if (settings.CHAT_AUTH === "accounts") {
    // Better Auth's session cookie (cookiePrefix "chat"), `__Secure-` when CHAT_AUTH_URL is https.
    return {
      allowedHosts,
      accounts: { sessionCookies: ["chat.session_token", "__Secure-chat.session_token"] },
    };
  }
  if (settings.CHAT_API_KEYS.length === 0) return { allowedHosts };
  const keyIds = new Set(await Promise.all(settings.CHAT_API_KEYS.map(operatorKeyId)));
  return { allowedHosts, signIn: { secret: await sessionSecret(), keyIds } };
}
