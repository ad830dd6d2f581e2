import { env } from "@/lib/env";
import { sessionSecret } from "@/lib/session/session-secret";
import { createSignInHandler } from "@/lib/session/sign-in-handler";

export const dynamic = "force-dynamic";

let handler: ((request: Request) => Promise<Response>) | undefined;

/** Signing in with one of the operator's keys (CHAT_API_KEYS); see lib/session/sign-in-cookie.ts. */
export function POST(request: Request): Promise<Response> {
  handler ??= createSignInHandler({ keys: env().CHAT_API_KEYS, secret: sessionSecret });
  return handler(request);
}
