import { signValue, verifySignedValue } from "./signed-value";

/**
 * Conversations belong to an anonymous owner named by a signed cookie: `<ownerId>.<signature>`,
 * HMAC-SHA256 over the id with the server's secret. A browser cannot forge another owner's cookie,
 * so it never sees another's conversations.
 */
export const OWNER_COOKIE = "chat_owner";
/** A year: the conversations stay reachable from this browser. */
export const OWNER_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

const OWNER_ID = /^[A-Za-z0-9_-]{16,64}$/;
// The owner id is signed alone (no purpose), as it was before other signed values existed, so
// that the cookies browsers already hold stay valid.
const PURPOSE = "";

/**
 * The cookie's name for a request over https or not. Over https it is `__Host-` prefixed: the
 * browser then takes it only with `Secure`, from this exact host, for every path, so a sibling
 * subdomain cannot plant an owner of its choosing. Over plain http a browser refuses a `Secure`
 * cookie (Chromium makes an exception for localhost only, not for 127.0.0.1), so there the plain
 * name is the one that works; nothing shares a plain-http origin's cookies but its own host.
 */
export function ownerCookieName(https: boolean): string {
  return https ? `__Host-${OWNER_COOKIE}` : OWNER_COOKIE;
}

export function newOwnerId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

export function signOwnerId(ownerId: string, secret: string): Promise<string> {
  return signValue(PURPOSE, ownerId, secret);
}

/** The owner id of a genuine cookie value; undefined for a missing, malformed or forged one. */
export async function verifyOwnerCookie(
  value: string | undefined,
  secret: string,
): Promise<string | undefined> {
  const ownerId = await verifySignedValue(PURPOSE, value, secret);
  return ownerId !== undefined && OWNER_ID.test(ownerId) ? ownerId : undefined;
}
