import "server-only";
import { resolve } from "node:path";
import { createClient } from "@libsql/client";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { ChatStoreError } from "../chat-store-error";

/** Next.js runs the server with the project as its working directory. */
export const defaultSqliteMigrationsFolder = () =>
  resolve(process.cwd(), "lib/store/sqlite/migrations");

/**
 * Applies the migrations in `migrationsFolder` that the database has not seen, inside one
 * `BEGIN IMMEDIATE` transaction: two processes opening one file wait for each other instead of
 * both migrating. Drizzle's own table records what was applied, so drizzle-kit agrees with us.
 */
export function migrateSqlite(
  url: string,
  migrationsFolder: string,
  busyTimeoutMs: number,
): Promise<void> {
  // Within one process, migrations of a file take turns here: libsql waits for a lock
  // synchronously, so a second BEGIN IMMEDIATE in this thread would stall the first until both
  // time out. Across processes the transaction's lock does the same job.
  const running = (globalThis as Holder)[key] ?? new Map<string, Promise<void>>();
  (globalThis as Holder)[key] = running;
  const turn = (running.get(url) ?? Promise.resolve())
    .catch(() => {})
    .then(() => migrateNow(url, migrationsFolder, busyTimeoutMs));
  running.set(url, turn);
  const forget = () => running.get(url) === turn && running.delete(url);
  turn.then(forget, forget);
  return turn;
}

const key = Symbol.for("chat.store.sqliteMigrations");
type Holder = { [key]?: Map<string, Promise<void>> };

async function migrateNow(url: string, migrationsFolder: string, busyTimeoutMs: number) {
  const migrations = readMigrationFiles({ migrationsFolder });
  const client = createClient({ url, concurrency: 1, timeout: busyTimeoutMs });
  try {
    await client.execute("PRAGMA journal_mode = WAL");
    // A migration that rebuilds a table must not cascade deletes while it does.
    await client.execute("PRAGMA foreign_keys = OFF");
    const tx = await client.transaction("write");
    try {
      await tx.execute(
        'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)',
      );
      const last = await tx.execute(
        'SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1',
      );
      const appliedUpTo = Number(last.rows[0]?.created_at ?? -1);
      for (const migration of migrations) {
        if (migration.folderMillis <= appliedUpTo) continue;
        for (const statement of migration.sql) {
          if (statement.trim()) await tx.execute(statement);
        }
        await tx.execute({
          sql: 'INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)',
          args: [migration.hash, migration.folderMillis],
        });
      }
      await tx.commit();
    } finally {
      tx.close();
    }
  } catch (error) {
    throw new ChatStoreError("migration-failed", `Could not migrate the SQLite database ${url}.`, {
      cause: error,
    });
  } finally {
    client.close();
  }
}
