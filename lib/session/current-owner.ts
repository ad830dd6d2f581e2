import "server-only";
import { cookies } from "next/headers";
import { OWNER_COOKIE, verifyOwnerCookie } from "./owner-cookie";
import { sessionSecret } from "./session-secret";

/**
 * The owner of this request's conversations. proxy.ts gives every page and /api request a valid
 * cookie first, so undefined means a request that bypassed it (answer 404/401 there).
 */
export async function currentOwnerId(): Promise<string | undefined> {
  const value = (await cookies()).get(OWNER_COOKIE)?.value;
  return verifyOwnerCookie(value, await sessionSecret());
}
