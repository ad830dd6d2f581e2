import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ChatStoreError } from "./chat-store-error";

export type DatabaseTarget =
  | { dialect: "sqlite" /** absolute */; path: string }
  | { dialect: "postgres"; url: string };

/**
 * `file:<path>` (relative to `cwd`, or absolute; `file:///abs` too) is SQLite;
 * `postgres://…` or `postgresql://…` is PostgreSQL.
 */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: "postgres", url };
  if (url.startsWith("file://")) return { dialect: "sqlite", path: fileURLToPath(url) };
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (path !== "" && !path.includes("?")) {
      return { dialect: "sqlite", path: isAbsolute(path) ? path : resolve(cwd, path) };
    }
  }
  throw new ChatStoreError(
    "invalid-database-url",
    "DATABASE_URL must be file:<path> (SQLite, e.g. file:./data/chat.db) or postgres://user@host/db (PostgreSQL).",
  );
}
