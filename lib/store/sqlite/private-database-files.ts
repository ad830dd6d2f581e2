import "server-only";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The database holds every conversation: it, and the WAL and shared-memory files beside it, are
 * readable by the server's own user only. SQLite creates its WAL and SHM files with the mode of
 * the database file, so creating that file 0600 before SQLite opens it covers all three; files
 * an older run left readable by others are narrowed. A new directory for them is 0700.
 */
export function makeDatabaseFilesPrivate(path: string): void {
  // turbopackIgnore: a path from the settings, not a file of the app to trace into the build.
  mkdirSync(/*turbopackIgnore: true*/ dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(/*turbopackIgnore: true*/ path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (existsSync(/*turbopackIgnore: true*/ file))
      chmodSync(/*turbopackIgnore: true*/ file, 0o600);
  }
}
