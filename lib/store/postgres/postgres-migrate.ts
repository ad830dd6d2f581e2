import "server-only";
import { resolve } from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import postgres from "postgres";
import { ChatStoreError } from "../chat-store-error";

/** Next.js runs the server with the project as its working directory. */
export const defaultPostgresMigrationsFolder = () =>
  resolve(process.cwd(), "lib/store/postgres/migrations");

/** Any fixed number: the advisory lock that lets one instance migrate while the others wait. */
const migrationLock = 0x63686174;

/**
 * Applies the migrations in `migrationsFolder` that the database has not seen, in one
 * transaction under an advisory lock, so instances starting together migrate once. Drizzle's own
 * table records what was applied, so drizzle-kit agrees with us.
 */
export async function migratePostgres(url: string, migrationsFolder: string): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${migrationLock})`;
      await tx`CREATE SCHEMA IF NOT EXISTS drizzle`;
      await tx`CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`;
      const [last] =
        await tx`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`;
      const appliedUpTo = Number(last?.created_at ?? -1);
      for (const migration of migrations) {
        if (migration.folderMillis <= appliedUpTo) continue;
        for (const statement of migration.sql) {
          if (statement.trim()) await tx.unsafe(statement);
        }
        await tx`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${migration.hash}, ${migration.folderMillis})`;
      }
    });
  } catch (error) {
    throw new ChatStoreError("migration-failed", "Could not migrate the PostgreSQL database.", {
      cause: error,
    });
  } finally {
    await sql.end();
  }
}
