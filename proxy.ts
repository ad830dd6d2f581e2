import { type NextRequest, NextResponse } from "next/server";
import { env, isDevelopment } from "@/lib/env";
import { guardAppRequest } from "@/lib/http/app-request-guard";
import { pathKind } from "@/lib/http/request-guard";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "@/lib/http/security-headers";
import {
  newOwnerId,
  OWNER_COOKIE_MAX_AGE_S,
  ownerCookieName,
  signOwnerId,
  verifyOwnerCookie,
} from "@/lib/session/owner-cookie";
import { isHttpsRequest } from "@/lib/session/request-protocol";
import { sessionSecret } from "@/lib/session/session-secret";

/**
 * Runs before every request (see the matcher): refuses what lib/http/request-guard.ts refuses
 * (a name that is not the server's, a write from another page or not in JSON, no sign-in while the
 * operator's keys protect the app); gives pages their Content-Security-Policy with a fresh nonce;
 * and gives every browser an anonymous, signed owner cookie before any page or chat route runs,
 * so that the same request already sees it (set on the request as well as the response).
 */
export async function proxy(request: NextRequest) {
  const refusal = await guardAppRequest(request, (name) => request.cookies.get(name)?.value);
  if (refusal) return withSecurityHeaders(refusal);

  const kind = pathKind(request.nextUrl.pathname);
  if (kind === "static" || kind === "openai-api") return withSecurityHeaders(NextResponse.next());

  const policy = contentSecurityPolicy(newNonce(), { development: isDevelopment });
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  request.headers.set("content-security-policy", policy);
  const secret = await sessionSecret();
  const https = isHttpsRequest(request.headers, request.url);
  const name = ownerCookieName(https);
  const owned = await verifyOwnerCookie(request.cookies.get(name)?.value, secret);
  // With accounts a person's things are theirs: a browser keeps the anonymous owner it had
  // before (its conversations are offered at sign-up) but gets no new one.
  const anonymous = env().CHAT_AUTH === "none";
  const value = owned || !anonymous ? undefined : await signOwnerId(newOwnerId(), secret);
  if (value) request.cookies.set(name, value);

  const response = NextResponse.next({ request: { headers: request.headers } });
  response.headers.set("content-security-policy", policy);
  if (value) {
    response.cookies.set(name, value, {
      httpOnly: true,
      sameSite: "lax",
      secure: https,
      path: "/",
      maxAge: OWNER_COOKIE_MAX_AGE_S,
    });
  }
  return withSecurityHeaders(response);
}

function withSecurityHeaders<T extends Response>(response: T): T {
  for (const [name, value] of SECURITY_HEADERS) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every path, static files, /v1 and /health included, but the import route: the proxy would
  // hold up to 10 MB of its body in memory and cut the rest (imports go up to
  // CHAT_MAX_IMPORT_BYTES). That route runs the same checks itself (guardAppRequest).
  matcher: ["/((?!api/conversations/import$).*)"],
};
