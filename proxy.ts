import { type NextRequest, NextResponse } from "next/server";
import {
  newOwnerId,
  OWNER_COOKIE,
  OWNER_COOKIE_MAX_AGE_S,
  signOwnerId,
  verifyOwnerCookie,
} from "@/lib/session/owner-cookie";
import { sessionSecret } from "@/lib/session/session-secret";

/**
 * Gives every browser an anonymous, signed owner cookie before any page or chat route runs,
 * so that the same request already sees it (set on the request as well as the response).
 */
export async function proxy(request: NextRequest) {
  const secret = await sessionSecret();
  if (await verifyOwnerCookie(request.cookies.get(OWNER_COOKIE)?.value, secret)) {
    return NextResponse.next();
  }
  const value = await signOwnerId(newOwnerId(), secret);
  request.cookies.set(OWNER_COOKIE, value);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(OWNER_COOKIE, value, {
    httpOnly: true,
    sameSite: "lax",
    secure: request.nextUrl.protocol === "https:",
    path: "/",
    maxAge: OWNER_COOKIE_MAX_AGE_S,
  });
  return response;
}

export const config = {
  // Pages and the page's own API; not static files, the bearer-key /v1 API, or /health.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|v1/|health).*)"],
};
