import "server-only";
import { cookies, headers } from "next/headers";
import type { Viewer } from "@/lib/accounts/viewer";
import { viewerOfHeaders } from "@/lib/accounts/viewer-of";
import { ownerCookieName, verifyOwnerCookie } from "./owner-cookie";
import { isHttpsRequest } from "./request-protocol";
import { sessionSecret } from "./session-secret";

/**
 * Who this request (a page, a server action) is from: the signed-in person with accounts, else
 * the browser's anonymous owner. Undefined: no session (answer 404/401 there).
 */
export async function currentViewer(): Promise<Viewer | undefined> {
  return viewerOfHeaders(await headers(), anonymousOwnerId);
}

/** The owner of this request's conversations (see currentViewer). */
export async function currentOwnerId(): Promise<string | undefined> {
  return (await currentViewer())?.ownerId;
}

/**
 * The browser's anonymous owner. proxy.ts gives every page and /api request a valid cookie
 * first. Only the cookie name of this request's protocol counts: over https a plain-named cookie
 * may have been planted by a sibling subdomain.
 */
export async function anonymousOwnerId(): Promise<string | undefined> {
  const name = ownerCookieName(isHttpsRequest(await headers()));
  const value = (await cookies()).get(name)?.value;
  return verifyOwnerCookie(value, await sessionSecret());
}
