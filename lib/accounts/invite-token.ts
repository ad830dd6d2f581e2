import { createHash, randomBytes } from "node:crypto";

/** The header the sign-up form sends an invite link's token in. */
export const INVITE_HEADER = "x-chat-invite";
/** An invite link works for a week. */
export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** A new invite token: 32 random bytes; only its hash is stored. */
export function newInviteToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
