import "server-only";
import { cookies, headers } from "next/headers";
import { ownerCookieName, verifyOwnerCookie } from "./owner-cookie";
import { isHttpsRequest } from "./request-protocol";
import { sessionSecret } from "./session-secret";

/**
 * The owner of this request's conversations. proxy.ts gives every page and /api request a valid
 * cookie first, so undefined means a request that bypassed it (answer 404/401 there). Only the
 * cookie name of this request's protocol counts: over https a plain-named cookie may have been
 * planted by a sibling subdomain.
 */
export async function currentOwnerId(): Promise<string | undefined> {
  const name = ownerCookieName(isHttpsRequest(await headers()));
  const value = (await cookies()).get(name)?.value;
  return verifyOwnerCookie(value, await sessionSecret());
}
