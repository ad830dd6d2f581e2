import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClient } from "@libsql/client";
import { registerChatStoreContract } from "../chat-store.contract";
import { parseDatabaseUrl } from "../database-url";

const dir = mkdtempSync(join(tmpdir(), "chat-store-"));
let databases = 0;

registerChatStoreContract("SQLite", {
  // A directory that does not exist yet: opening creates it.
  freshDatabaseUrl: async () => `file:${join(dir, `db-${++databases}`, "chat.db")}`,
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
});
