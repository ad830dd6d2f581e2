/**
 * Conversations belong to an anonymous owner named by a signed cookie: `<ownerId>.<signature>`,
 * HMAC-SHA256 over the id with the server's secret. A browser cannot forge another owner's cookie,
 * so it never sees another's conversations. Web Crypto, so it runs in the proxy and in routes.
 */
export const OWNER_COOKIE = "chat_owner";
/** A year: the conversations stay reachable from this browser. */
export const OWNER_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

const OWNER_ID = /^[A-Za-z0-9_-]{16,64}$/;
const encoder = new TextEncoder();

async function hmac(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(data)));
  return Buffer.from(signature).toString("base64url");
}

export function newOwnerId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

export async function signOwnerId(ownerId: string, secret: string): Promise<string> {
  return `${ownerId}.${await hmac(secret, ownerId)}`;
}

/** The owner id of a genuine cookie value; undefined for a missing, malformed or forged one. */
export async function verifyOwnerCookie(
  value: string | undefined,
  secret: string,
): Promise<string | undefined> {
  if (!value) return undefined;
  const dot = value.lastIndexOf(".");
  const ownerId = value.slice(0, dot);
  if (dot < 0 || !OWNER_ID.test(ownerId)) return undefined;
  const expected = await hmac(secret, ownerId);
  const given = value.slice(dot + 1);
  // Constant-time comparison of equal-length strings.
  if (given.length !== expected.length) return undefined;
  let difference = 0;
  for (let i = 0; i < given.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0 ? ownerId : undefined;
}
