import "server-only";
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { env } from "@/lib/env";

/** The shortest secret accepted: 32 characters, as the generated one is 43. */
export const MIN_SESSION_SECRET_LENGTH = 32;

let secret: Promise<string> | undefined;

/**
 * CHAT_SESSION_SECRET, or else a random one kept in a file so that cookies survive restarts.
 * Several instances must share it: set CHAT_SESSION_SECRET for them (docs/storage.md).
 */
export function sessionSecret(): Promise<string> {
  const settings = env();
  secret ??= loadSessionSecret({
    secret: settings.CHAT_SESSION_SECRET,
    file: settings.CHAT_SESSION_SECRET_FILE,
  }).catch((error: unknown) => {
    secret = undefined;
    throw error;
  });
  return secret;
}

/**
 * The given secret, or the one kept in `file`, created when missing. It is created whole or not
 * at all: written to a private temporary file first, then linked to its name, which fails rather
 * than replace a secret another process made at the same moment (then theirs is used). A file
 * that is empty or too short is refused: cookies signed with it could be forged.
 */
export async function loadSessionSecret(options: {
  secret?: string;
  file: string;
}): Promise<string> {
  if (options.secret) return options.secret;
  const { file } = options;
  const kept = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (kept !== undefined) return checked(kept, file);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    await link(temporary, file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(temporary, { force: true });
  }
  return checked(await readFile(file, "utf8"), file);
}

function checked(text: string, file: string): string {
  const value = text.trim();
  if (value.length >= MIN_SESSION_SECRET_LENGTH) return value;
  const holds = value.length === 0 ? "is empty" : `holds only ${value.length} characters`;
  throw new Error(
    `The session secret file ${file} ${holds}; it needs at least ${MIN_SESSION_SECRET_LENGTH}. ` +
      "Delete it to have a new one made (every browser then starts anew), or set CHAT_SESSION_SECRET.",
  );
}
