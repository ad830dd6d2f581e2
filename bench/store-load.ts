/** Fresh benchmark databases for bench/store.ts: bulk loading, size, a raw-driver baseline. */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClient, type InStatement } from "@libsql/client";
import postgres from "postgres";
import type { BenchConversation, BenchMessage } from "./store-data";

export interface BenchDatabase {
  readonly name: string;
  /** DATABASE_URL of the fresh, empty database. */
  readonly url: string;
  load(batch: { conversation: BenchConversation; messages: BenchMessage[] }[]): Promise<void>;
  /** Bytes on disk, after a checkpoint. */
  sizeBytes(): Promise<number>;
  analyze(): Promise<void>;
  /** The floor of any store call: one primary-key SELECT through the raw driver. */
  rawLookup(conversationId: string): Promise<void>;
  drop(): Promise<void>;
}

const conversationColumns = [
  "id",
  "owner_id",
  "title",
  "current_leaf_id",
  "last_seq",
  "created_at",
  "updated_at",
] as const;
const messageColumns = [
  "id",
  "conversation_id",
  "parent_id",
  "seq",
  "role",
  "content",
  "status",
  "created_at",
  "updated_at",
] as const;

function chunk<T>(rows: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

function multiRowInsert(table: string, columns: readonly string[], rows: object[]): InStatement {
  const tuple = `(${columns.map(() => "?").join(",")})`;
  return {
    sql: `INSERT INTO ${table} (${columns.join(",")}) VALUES ${rows.map(() => tuple).join(",")}`,
    args: rows.flatMap((row) =>
      columns.map((c) => (row as Record<string, string | number>)[c] ?? null),
    ),
  };
}

export function sqliteBenchDatabase(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), "chat-bench-"));
  const path = join(dir, "chat.db");
  const client = createClient({ url: pathToFileURL(path).href, concurrency: 1 });
  return {
    name: "SQLite",
    url: `file:${path}`,
    async load(batch) {
      await client.batch(
        [
          ...chunk(
            batch.map((b) => b.conversation),
            1000,
          ).map((rows) => multiRowInsert("conversations", conversationColumns, rows)),
          ...chunk(
            batch.flatMap((b) => b.messages),
            1000,
          ).map((rows) => multiRowInsert("messages", messageColumns, rows)),
        ],
        "write",
      );
    },
    async sizeBytes() {
      await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      const wal = `${path}-wal`;
      let walBytes = 0;
      try {
        walBytes = statSync(wal).size;
      } catch {}
      return statSync(path).size + walBytes;
    },
    async analyze() {
      await client.execute("ANALYZE");
    },
    async rawLookup(id) {
      await client.execute({ sql: "SELECT * FROM conversations WHERE id = ?", args: [id] });
    },
    async drop() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `chat_bench_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin`CREATE DATABASE ${admin(name)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = postgres(url.href, { max: 1, onnotice: () => {} });
  const withDates = <T extends { created_at: number; updated_at: number }>(row: T) => ({
    ...row,
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
  });
  return {
    name: "PostgreSQL",
    url: url.href,
    async load(batch) {
      await sql.begin(async (tx) => {
        for (const rows of chunk(
          batch.map((b) => withDates(b.conversation)),
          1000,
        )) {
          await tx`INSERT INTO conversations ${tx(rows, ...conversationColumns)}`;
        }
        for (const rows of chunk(
          batch.flatMap((b) => b.messages.map(withDates)),
          1000,
        )) {
          await tx`INSERT INTO messages ${tx(rows, ...messageColumns)}`;
        }
      });
    },
    async sizeBytes() {
      await sql`CHECKPOINT`;
      const [row] = await sql`SELECT pg_database_size(current_database())::bigint AS bytes`;
      return Number(row?.bytes);
    },
    async analyze() {
      await sql`VACUUM ANALYZE`;
    },
    async rawLookup(id) {
      await sql`SELECT * FROM conversations WHERE id = ${id}`;
    },
    async drop() {
      await sql.end();
      await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
      await admin.end();
    },
  };
}
