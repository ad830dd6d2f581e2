import postgres from "postgres";
import { env } from "@/lib/env";
import { registerChatStoreContract } from "../chat-store.contract";
import { newId } from "../new-id";

// Runs against the real server named by TEST_POSTGRES_URL: each run makes its own databases
// (chat_test_<random>_<n>) through that connection and drops them at the end.
const admin = env().TEST_POSTGRES_URL;
const run = `chat_test_${newId()
  .toLowerCase()
  .replace(/[^a-z0-9]/g, "")}`;
const made: string[] = [];

function urlOf(database: string): string {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.href;
}

async function withAdmin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

registerChatStoreContract("PostgreSQL", {
  freshDatabaseUrl: async () => {
    const database = `${run}_${made.length + 1}`;
    made.push(database);
    await withAdmin((sql) => sql`CREATE DATABASE ${sql(database)}`);
    return urlOf(database);
  },
  countMessages: async (databaseUrl, conversationId) => {
    const sql = postgres(databaseUrl, { max: 1 });
    try {
      const [row] =
        await sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${conversationId}`;
      return Number(row?.n);
    } finally {
      await sql.end();
    }
  },
  cleanup: () =>
    withAdmin(async (sql) => {
      for (const database of made) await sql`DROP DATABASE IF EXISTS ${sql(database)} WITH (FORCE)`;
    }),
});
