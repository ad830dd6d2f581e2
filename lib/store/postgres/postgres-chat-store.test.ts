import postgres from "postgres";
import { env } from "@/lib/env";
import {
  legacyConversation,
  migrationsUpTo,
  uncountedChunks,
} from "@/tests/support/migrations-up-to";
import { registerAccountsStoreContract } from "../accounts-store.contract";
import { type ChatStoreHarness, registerChatStoreContract } from "../chat-store.contract";
import { newId } from "../new-id";
import { registerResponseStoreContract } from "../response-store.contract";
import { defaultPostgresMigrationsFolder, migratePostgres } from "./postgres-migrate";

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

async function freshDatabaseUrl(): Promise<string> {
  const database = `${run}_${made.length + 1}`;
  made.push(database);
  await withAdmin((sql) => sql`CREATE DATABASE ${sql(database)}`);
  return urlOf(database);
}

const harness: ChatStoreHarness = {
  freshDatabaseUrl,
  legacyDatabaseUrl: async () => {
    const url = await freshDatabaseUrl();
    await migratePostgres(url, migrationsUpTo(defaultPostgresMigrationsFolder(), 2));
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const { ownerId, conversationId, messages } = legacyConversation;
      const at = new Date("2026-11-01T00:00:00Z");
      await sql`INSERT INTO conversations (id, owner_id, title, last_seq, created_at, updated_at)
        VALUES (${conversationId}, ${ownerId}, 'Old', ${messages.length}, ${at}, ${at})`;
      for (const m of messages) {
        await sql`INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at, updated_at)
          VALUES (${m.id}, ${conversationId}, ${m.seq}, ${m.role}, ${m.content}, 'complete', ${at}, ${at})`;
      }
    } finally {
      await sql.end();
    }
    return url;
  },
  uncountedChunksDatabaseUrl: async () => {
    const url = await freshDatabaseUrl();
    await migratePostgres(url, migrationsUpTo(defaultPostgresMigrationsFolder(), 11));
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const { ownerId, conversationId, fileId, texts } = uncountedChunks;
      const at = new Date("2026-12-01T00:00:00Z");
      await sql`INSERT INTO conversations (id, owner_id, title, created_at, updated_at)
        VALUES (${conversationId}, ${ownerId}, 'Log', ${at}, ${at})`;
      await sql`INSERT INTO files (id, owner_id, conversation_id, name, media_type, size, sha256, text, bytes, created_at)
        VALUES (${fileId}, ${ownerId}, ${conversationId}, 'log.txt', 'text/plain', 0, '', '', ${Buffer.alloc(0)}, ${at})`;
      for (const [ordinal, text] of texts.entries())
        await sql`INSERT INTO file_chunks (file_id, conversation_id, owner_id, ordinal, text, tokens, embedding)
          VALUES (${fileId}, ${conversationId}, ${ownerId}, ${ordinal}, ${text}, 10, ${Buffer.alloc(4)})`;
    } finally {
      await sql.end();
    }
    return url;
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
  countRows: async (databaseUrl) => {
    const sql = postgres(databaseUrl, { max: 1 });
    try {
      const [row] = await sql`SELECT (SELECT count(*)::int FROM conversations) AS conversations,
        (SELECT count(*)::int FROM messages) AS messages`;
      return { conversations: Number(row?.conversations), messages: Number(row?.messages) };
    } finally {
      await sql.end();
    }
  },
  cleanup: () =>
    withAdmin(async (sql) => {
      for (const database of made) await sql`DROP DATABASE IF EXISTS ${sql(database)} WITH (FORCE)`;
    }),
};

registerChatStoreContract("PostgreSQL", harness);
registerResponseStoreContract("PostgreSQL", harness);
registerAccountsStoreContract("PostgreSQL", harness);
