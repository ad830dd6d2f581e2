import { sameText } from "./signed-value";

/**
 * A short, stable id of an operator key (CHAT_API_KEYS): the start of its SHA-256. A sign-in
 * records which key it was made with, so that taking a key out of the setting ends its sign-ins,
 * without the cookie carrying the key.
 */
export async function operatorKeyId(key: string): Promise<string> {
  return (await sha256Hex(key)).slice(0, 16);
}

/**
 * The id of the key among `keys` that `given` is, or undefined; every key is compared, whole, so
 * the time taken says nothing about how much of a key was right.
 */
export async function findOperatorKey(
  keys: readonly string[],
  given: string,
): Promise<string | undefined> {
  const givenDigest = await sha256Hex(given);
  let found: string | undefined;
  for (const key of keys) {
    const digest = await sha256Hex(key);
    if (sameText(givenDigest, digest)) found = digest.slice(0, 16);
  }
  return found;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("hex");
}
