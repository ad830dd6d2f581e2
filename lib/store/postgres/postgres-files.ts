import "server-only";
import { and, asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { ChatStore } from "../chat-store";
import { toFileInfo, toStoredFile } from "../file-rows";
import { idFrom } from "../new-id";
import { conversations, files } from "./schema";

type FileMethods = Pick<
  ChatStore,
  "saveFile" | "getFiles" | "listFiles" | "deleteFile" | "fileBytesOf"
>;

/** Files of conversations on PostgreSQL; every query carries the owner. */
export function postgresFiles(db: PostgresJsDatabase, now: () => Date): FileMethods {
  const { text: _text, bytes: _bytes, ...infoColumns } = getTableColumns(files);
  return {
    async saveFile(ownerId, conversationId, file) {
      const [owned] = await db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId)));
      if (!owned) return undefined;
      const row = {
        ...file,
        id: idFrom(file.id, "file"),
        ownerId,
        conversationId,
        bytes: Buffer.from(file.bytes),
        createdAt: now(),
      };
      await db.insert(files).values(row);
      return toFileInfo(row);
    },

    async getFiles(ownerId, ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select()
        .from(files)
        .where(and(inArray(files.id, [...ids]), eq(files.ownerId, ownerId)));
      return rows.map(toStoredFile);
    },

    async listFiles(ownerId, conversationId) {
      const rows = await db
        .select(infoColumns)
        .from(files)
        .where(and(eq(files.conversationId, conversationId), eq(files.ownerId, ownerId)))
        .orderBy(asc(files.createdAt), asc(files.id));
      return rows.map(toFileInfo);
    },

    async deleteFile(ownerId, id) {
      const deleted = await db
        .delete(files)
        .where(and(eq(files.id, id), eq(files.ownerId, ownerId)))
        .returning({ id: files.id });
      return deleted.length > 0;
    },

    async fileBytesOf(ownerId) {
      const [row] = await db
        .select({ total: sql<number>`coalesce(sum(${files.size}), 0)` })
        .from(files)
        .where(eq(files.ownerId, ownerId));
      return Number(row?.total ?? 0);
    },
  };
}
