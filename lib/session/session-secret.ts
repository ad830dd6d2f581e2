import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { env } from "@/lib/env";

let secret: Promise<string> | undefined;

/**
 * CHAT_SESSION_SECRET, or else a random one kept in a file so that cookies survive restarts.
 * Several instances must share it: set CHAT_SESSION_SECRET for them (docs/storage.md).
 */
export function sessionSecret(): Promise<string> {
  secret ??= load().catch((error: unknown) => {
    secret = undefined;
    throw error;
  });
  return secret;
}

async function load(): Promise<string> {
  const settings = env();
  if (settings.CHAT_SESSION_SECRET) return settings.CHAT_SESSION_SECRET;
  const path = settings.CHAT_SESSION_SECRET_FILE;
  try {
    return (await readFile(path, "utf8")).trim();
  } catch {
    await mkdir(dirname(path), { recursive: true });
    const created = randomBytes(32).toString("base64url");
    // `wx`: if another process wrote it first, use theirs.
    await writeFile(path, created, { flag: "wx", mode: 0o600 }).catch(() => {});
    return (await readFile(path, "utf8")).trim();
  }
}
