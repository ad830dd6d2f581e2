import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import type { Auth } from "./create-auth";

export interface SessionPerson {
  id: string;
  name: string;
  email: string;
  role?: string | null;
  banned?: boolean | null;
}

const encoder = new TextEncoder();

/**
 * The person of a request's Better Auth session, found as its `getSession` finds it — the
 * session cookie's value is the session token signed with the auth secret (HMAC-SHA256, base64);
 * the session and its person are read in one query through Better Auth's own adapter; an expired
 * session is none — but without its endpoint's machinery, which costs more than the query on
 * every request (bench/accounts.ts). A session due for its refresh (older than `updateAge`) goes
 * through `getSession` itself, which extends it. Nothing is cached: a session deleted (signed
 * out, its person disabled) is none at the next request, on every instance.
 */
export async function sessionPerson(auth: Auth, headers: Headers): Promise<SessionPerson | null> {
  const signed = getSessionCookie(headers, { cookiePrefix: "chat" });
  if (!signed) return null;
  const context = await auth.$context;
  const token = await verifiedToken(decodeURIComponent(signed), context.secret);
  if (!token) return null;
  const found = await context.internalAdapter.findSession(token);
  if (!found) return null;
  const { expiresIn, updateAge } = context.sessionConfig;
  const expires = found.session.expiresAt.getTime();
  const now = Date.now();
  if (expires < now) return null;
  if (expires - expiresIn * 1000 + updateAge * 1000 <= now) {
    return ((await auth.api.getSession({ headers }))?.user as SessionPerson | undefined) ?? null;
  }
  return found.user as SessionPerson;
}

/** The token of `token.signature` when the signature is the secret's; else undefined. */
async function verifiedToken(value: string, secret: string): Promise<string | undefined> {
  const dot = value.lastIndexOf(".");
  if (dot < 1) return undefined;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return undefined;
  const key = keyOf(secret);
  try {
    const bytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    const valid = await crypto.subtle.verify("HMAC", await key, bytes, encoder.encode(token));
    return valid ? token : undefined;
  } catch {
    return undefined; // not base64
  }
}

/** The secret's HMAC key, imported once (there is one secret per process). */
const cache = new Map<string, Promise<CryptoKey>>();
function keyOf(secret: string): Promise<CryptoKey> {
  let key = cache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    cache.set(secret, key);
  }
  return key;
}
