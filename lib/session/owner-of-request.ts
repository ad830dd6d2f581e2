import "server-only";
import { NextRequest } from "next/server";
import { OWNER_COOKIE, verifyOwnerCookie } from "./owner-cookie";
import { sessionSecret } from "./session-secret";

/**
 * The owner a request's signed cookie names, read from the request itself (a `Request → Response`
 * handler has no Next context). proxy.ts gives every page and /api request a valid cookie first,
 * so undefined means a request without a session.
 */
export async function ownerOfRequest(request: Request): Promise<string | undefined> {
  // Only the headers: a NextRequest made from the request itself would take its body.
  const cookies = new NextRequest(request.url, { headers: request.headers }).cookies;
  const value = cookies.get(OWNER_COOKIE)?.value;
  return verifyOwnerCookie(value, await sessionSecret());
}
