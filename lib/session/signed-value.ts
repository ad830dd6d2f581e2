/**
 * `<payload>.<signature>`: HMAC-SHA256 over a purpose and the payload with the server's secret, so
 * that a browser can carry a value it cannot forge or alter. The purpose keeps a value signed for
 * one use (a sign-in) from being taken for another (an owner id). Web Crypto, so it runs in the
 * proxy and in routes alike.
 */
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

export async function signValue(purpose: string, payload: string, secret: string): Promise<string> {
  return `${payload}.${await hmac(secret, purpose + payload)}`;
}

/** The payload of a genuine signed value; undefined for a missing, malformed or forged one. */
export async function verifySignedValue(
  purpose: string,
  value: string | undefined,
  secret: string,
): Promise<string | undefined> {
  const dot = value?.lastIndexOf(".") ?? -1;
  if (!value || dot < 0) return undefined;
  const payload = value.slice(0, dot);
  const expected = await hmac(secret, purpose + payload);
  return sameText(value.slice(dot + 1), expected) ? payload : undefined;
}

/** Compares in time that does not depend on where two strings of one length differ. */
export function sameText(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < given.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}
