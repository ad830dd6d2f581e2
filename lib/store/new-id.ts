import { getRandomValues } from "node:crypto";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";

/** A 21-character URL-safe random id (126 random bits, like nanoid's default). */
export function newId(): string {
  const bytes = getRandomValues(new Uint8Array(21));
  let id = "";
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}
