import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClient } from "@libsql/client";
import { legacyConversation, migrationsUpTo } from "@/tests/support/migrations-up-to";
import { registerAccountsStoreContract } from "../accounts-store.contract";
import { type ChatStoreHarness, registerChatStoreContract } from "../chat-store.contract";
import { parseDatabaseUrl } from "../database-url";
import { registerResponseStoreContract } from "../response-store.contract";
import { defaultSqliteMigrationsFolder, migrateSqlite } from "./sqlite-migrate";

const dir = mkdtempSync(join(tmpdir(), "chat-store-"));
let databases = 0;

const harness: ChatStoreHarness = {
  // A directory that does not exist yet: opening creates it.
  freshDatabaseUrl: async () => `file:${join(dir, `db-${++databases}`, "chat.db")}`,
  legacyDatabaseUrl: async () => {
    const path = join(dir, `legacy-${++databases}.db`);
    const url = pathToFileURL(path).href;
    await migrateSqlite(url, migrationsUpTo(defaultSqliteMigrationsFolder(), 2), 5000);
    const client = createClient({ url });
    try {
      const { ownerId, conversationId, messages } = legacyConversation;
      const at = Date.parse("2026-11-01T00:00:00Z");
      await client.execute({
        sql: "INSERT INTO conversations (id, owner_id, title, last_seq, created_at, updated_at) VALUES (?, ?, 'Old', ?, ?, ?)",
        args: [conversationId, ownerId, messages.length, at, at],
      });
      for (const m of messages) {
        await client.execute({
          sql: "INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'complete', ?, ?)",
          args: [m.id, conversationId, m.seq, m.role, m.content, at, at],
        });
      }
    } finally {
      client.close();
    }
    return `file:${path}`;
  },
  countMessages: async (databaseUrl, conversationId) => {
    const target = parseDatabaseUrl(databaseUrl);
    if (target.dialect !== "sqlite") throw new Error(`not SQLite: ${databaseUrl}`);
    const client = createClient({ url: pathToFileURL(target.path).href });
    try {
      const result = await client.execute({
        sql: "SELECT count(*) AS n FROM messages WHERE conversation_id = ?",
        args: [conversationId],
      });
      return Number(result.rows[0]?.n);
    } finally {
      client.close();
    }
  },
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
};

registerChatStoreContract("SQLite", harness);
registerResponseStoreContract("SQLite", harness);
registerAccountsStoreContract("SQLite", harness);
