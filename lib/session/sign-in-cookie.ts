import { signValue, verifySignedValue } from "./signed-value";

/**
 * While CHAT_API_KEYS is set, the page and its API need a sign-in with one of the keys (until
 * accounts replace it): a cookie `<keyId>_<expires>.<signature>` that says which key signed in and
 * until when. It is checked in proxy.ts (lib/http/request-guard.ts) before anything else runs.
 */
export const SIGN_IN_COOKIE = "chat_sign_in";
/** Thirty days, then the key is asked for again. */
export const SIGN_IN_MAX_AGE_S = 30 * 24 * 60 * 60;

const PURPOSE = "sign-in:";
const PAYLOAD = /^([0-9a-f]{16})_(\d{1,12})$/;

/** `__Host-` over https and the plain name over http, for the reasons of ownerCookieName. */
export function signInCookieName(https: boolean): string {
  return https ? `__Host-${SIGN_IN_COOKIE}` : SIGN_IN_COOKIE;
}

export function signSignIn(keyId: string, secret: string, now = Date.now()): Promise<string> {
  const expires = Math.floor(now / 1000) + SIGN_IN_MAX_AGE_S;
  return signValue(PURPOSE, `${keyId}_${expires}`, secret);
}

/** Whether a cookie value is a genuine, unexpired sign-in with a key that is still configured. */
export async function verifySignIn(
  value: string | undefined,
  secret: string,
  keyIds: ReadonlySet<string>,
  now = Date.now(),
): Promise<boolean> {
  const payload = await verifySignedValue(PURPOSE, value, secret);
  const match = payload === undefined ? null : PAYLOAD.exec(payload);
  if (!match?.[1] || !match[2]) return false;
  return keyIds.has(match[1]) && Number(match[2]) * 1000 > now;
}
