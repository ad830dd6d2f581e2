import { getRandomValues } from "node:crypto";
import { ChatStoreError } from "./chat-store-error";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";

/** A 21-character URL-safe random id (126 random bits, like nanoid's default). */
export function newId(): string {
  const bytes = getRandomValues(new Uint8Array(21));
  let id = "";
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}

const VALID_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The id a new conversation or message gets: the caller's, checked, or a fresh one. */
export function idFrom(requested: string | undefined, what = "conversation"): string {
  if (requested === undefined) return newId();
  if (!VALID_ID.test(requested)) {
    throw new ChatStoreError("invalid-id", `Not a valid ${what} id: ${JSON.stringify(requested)}`);
  }
  return requested;
}
