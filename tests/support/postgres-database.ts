import postgres from "postgres";
import { env } from "@/lib/env";
import { newId } from "@/lib/store/new-id";

/**
 * A throwaway database on the real PostgreSQL server TEST_POSTGRES_URL names (the machine's, with
 * trust auth), for tests that run the app on PostgreSQL; `drop()` removes it.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = env().TEST_POSTGRES_URL;
  const name = `chat_e2e_${newId()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")}`;
  const withAdmin = async (work: (sql: postgres.Sql) => Promise<unknown>) => {
    const sql = postgres(admin, { max: 1, onnotice: () => {} });
    try {
      await work(sql);
    } finally {
      await sql.end();
    }
  };
  await withAdmin((sql) => sql`CREATE DATABASE ${sql(name)}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () => withAdmin((sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`),
  };
}
