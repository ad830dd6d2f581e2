import "server-only";
import { NextRequest } from "next/server";
import type { Viewer } from "@/lib/accounts/viewer";
import { viewerOfHeaders } from "@/lib/accounts/viewer-of";
import { ownerCookieName, verifyOwnerCookie } from "./owner-cookie";
import { isHttpsRequest } from "./request-protocol";
import { sessionSecret } from "./session-secret";

/** A request's cookies, read from its headers only (a NextRequest of the request would take its body). */
export function requestCookies(request: Request): (name: string) => string | undefined {
  const cookies = new NextRequest(request.url, { headers: request.headers }).cookies;
  return (name) => cookies.get(name)?.value;
}

/**
 * The owner a request's signed cookie names, read from the request itself (a `Request → Response`
 * handler has no Next context); as current-owner.ts, only the cookie name of the request's
 * protocol counts. proxy.ts gives every page and /api request a valid cookie first, so undefined
 * means a request without a session.
 */
export async function ownerOfRequest(request: Request): Promise<string | undefined> {
  const name = ownerCookieName(isHttpsRequest(request.headers, request.url));
  return verifyOwnerCookie(requestCookies(request)(name), await sessionSecret());
}

/** Who a request is from: the signed-in person with accounts, else the cookie's owner. */
export function viewerOfRequest(request: Request): Promise<Viewer | undefined> {
  return viewerOfHeaders(request.headers, () => ownerOfRequest(request));
}
