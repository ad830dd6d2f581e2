import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { createClient } from "@libsql/client";
import { describe, expect, test } from "vitest";
import {
  legacyConversation,
  migrationsUpTo,
  uncountedChunks,
} from "@/tests/support/migrations-up-to";
import { registerAccountsStoreContract } from "../accounts-store.contract";
import { type ChatStoreHarness, registerChatStoreContract } from "../chat-store.contract";
import { parseDatabaseUrl } from "../database-url";
import { openChatStore } from "../open-chat-store";
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
  uncountedChunksDatabaseUrl: async () => {
    const path = join(dir, `uncounted-${++databases}.db`);
    const url = pathToFileURL(path).href;
    await migrateSqlite(url, migrationsUpTo(defaultSqliteMigrationsFolder(), 11), 5000);
    const client = createClient({ url });
    try {
      const { ownerId, conversationId, fileId, texts } = uncountedChunks;
      await client.batch(
        [
          {
            sql: "INSERT INTO conversations (id, owner_id, title, created_at, updated_at) VALUES (?, ?, 'Log', 0, 0)",
            args: [conversationId, ownerId],
          },
          {
            sql: "INSERT INTO files (id, owner_id, conversation_id, name, media_type, size, sha256, text, bytes, created_at) VALUES (?, ?, ?, 'log.txt', 'text/plain', 0, '', '', x'', 0)",
            args: [fileId, ownerId, conversationId],
          },
          ...texts.map((text, ordinal) => ({
            sql: "INSERT INTO file_chunks (file_id, conversation_id, owner_id, ordinal, text, tokens, embedding) VALUES (?, ?, ?, ?, ?, 10, x'0000803f')",
            args: [fileId, conversationId, ownerId, ordinal, text],
          })),
        ],
        "write",
      );
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
  countRows: async (databaseUrl) => {
    const target = parseDatabaseUrl(databaseUrl);
    if (target.dialect !== "sqlite") throw new Error(`not SQLite: ${databaseUrl}`);
    const client = createClient({ url: pathToFileURL(target.path).href });
    try {
      const result = await client.execute(
        "SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages",
      );
      const row = result.rows[0];
      return { conversations: Number(row?.conversations), messages: Number(row?.messages) };
    } finally {
      client.close();
    }
  },
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
};

registerChatStoreContract("SQLite", harness);
registerResponseStoreContract("SQLite", harness);
registerAccountsStoreContract("SQLite", harness);

describe("SQLite: a large import", () => {
  test("cut off mid-way (the process ended) is removed at the next open", async () => {
    const url = await harness.freshDatabaseUrl();
    const store = await openChatStore(url);
    const text = "word ".repeat(120_000);
    const importing = store.importConversation("owner-cut-off", {
      title: "Cut off",
      systemPrompt: null,
      model: null,
      current: null,
      messages: [0, 1, 2, 3].map((n) => ({
        key: `m${n}`,
        parent: n === 0 ? null : `m${n - 1}`,
        role: n % 2 === 0 ? "user" : "assistant",
        parts: [{ type: "text", text }],
        status: "complete",
      })),
    });
    // The conversation's row and a first INSERT of messages are in, each in a turn of its own.
    await nextTurn();
    await nextTurn();
    await store.close();
    await expect(importing).rejects.toThrow();
    const left = await harness.countRows(url);
    expect(left.conversations).toBe(1);

    const reopened = await openChatStore(url);
    try {
      expect(await harness.countRows(url)).toEqual({ conversations: 0, messages: 0 });
      expect((await reopened.listConversations("owner-cut-off")).conversations).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});
