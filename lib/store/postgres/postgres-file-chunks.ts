import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { FileChunkMethods } from "../file-chunk-rows";
import { chunkRows, toStoredFileChunk } from "../file-chunk-rows";
import { chunks } from "../store-rows";
import { fileChunks, files } from "./schema";

/**
 * A conversation's file chunks on PostgreSQL; every query carries the owner. Words are matched by
 * the generated `tsv` column (English stemming, GIN index; migration 0009), ranked by ts_rank_cd.
 */
export function postgresFileChunks(db: PostgresJsDatabase): FileChunkMethods {
  const scope = (ownerId: string, conversationId: string) =>
    and(eq(fileChunks.ownerId, ownerId), eq(fileChunks.conversationId, conversationId));

  return {
    async saveFileChunks(ownerId, fileId, newChunks) {
      const [file] = await db
        .select({ conversationId: files.conversationId })
        .from(files)
        .where(and(eq(files.id, fileId), eq(files.ownerId, ownerId)));
      if (!file) return false;
      const rows = chunkRows(ownerId, fileId, file.conversationId, newChunks);
      await db.transaction(async (tx) => {
        await tx.delete(fileChunks).where(eq(fileChunks.fileId, fileId));
        for (const part of chunks(rows, 500)) await tx.insert(fileChunks).values(part);
      });
      return true;
    },

    async countFileChunks(ownerId, fileIds) {
      const rows = await db
        .select({ fileId: fileChunks.fileId, count: sql<number>`count(*)` })
        .from(fileChunks)
        .where(and(eq(fileChunks.ownerId, ownerId), inArray(fileChunks.fileId, [...fileIds])))
        .groupBy(fileChunks.fileId);
      return new Map(rows.map((row) => [row.fileId, Number(row.count)]));
    },

    async fileChunkSetVersion(ownerId, conversationId) {
      const [row] = await db
        .select({
          count: sql<number>`count(*)`,
          maxId: sql<number>`coalesce(max(${fileChunks.id}), 0)`,
        })
        .from(fileChunks)
        .where(scope(ownerId, conversationId));
      return { count: Number(row?.count ?? 0), maxId: Number(row?.maxId ?? 0) };
    },

    async fileChunkVectors(ownerId, conversationId) {
      const rows = await db
        .select({ id: fileChunks.id, fileId: fileChunks.fileId, embedding: fileChunks.embedding })
        .from(fileChunks)
        .where(scope(ownerId, conversationId));
      return rows.map((row) => ({ ...row, embedding: new Uint8Array(row.embedding) }));
    },

    async matchFileChunks(ownerId, conversationId, words, options) {
      if (words.length === 0 || options.fileIds?.length === 0) return [];
      const inFiles = options.fileIds
        ? sql`AND c.file_id IN (${sql.join(
            options.fileIds.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql``;
      // Ranked by the words each chunk has, each weighted by how rare it is among the
      // conversation's chunks (idf), from the GIN index alone: ts_rank_cd would read (detoast)
      // every matching chunk's tsvector, and a question's common words match thousands.
      // websearch_to_tsquery reads any word without a syntax error.
      const rows = await db.execute<{ id: number; fileId: string }>(sql`
        WITH words AS (
          SELECT word, websearch_to_tsquery('english', word) AS query
          FROM unnest(${arrayLiteral(words)}::text[]) AS word
        ),
        hits AS (
          SELECT c.id, c.file_id, words.word
          FROM words
          JOIN file_chunks c ON c.tsv @@ words.query
          WHERE c.owner_id = ${ownerId} AND c.conversation_id = ${conversationId} ${inFiles}
        ),
        df AS (SELECT word, count(*) AS n FROM hits GROUP BY word),
        total AS (
          SELECT count(*) AS n FROM file_chunks
          WHERE owner_id = ${ownerId} AND conversation_id = ${conversationId}
        )
        SELECT hits.id, hits.file_id AS "fileId"
        FROM hits JOIN df USING (word), total
        GROUP BY hits.id, hits.file_id
        ORDER BY sum(ln((total.n + 1)::float8 / df.n)) DESC, hits.id
        LIMIT ${options.limit}
      `);
      return rows.map((row) => ({ id: Number(row.id), fileId: row.fileId }));
    },

    async getFileChunks(ownerId, ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select({
          id: fileChunks.id,
          fileId: fileChunks.fileId,
          fileName: files.name,
          conversationId: fileChunks.conversationId,
          ordinal: fileChunks.ordinal,
          page: fileChunks.page,
          text: fileChunks.text,
          tokens: fileChunks.tokens,
        })
        .from(fileChunks)
        .innerJoin(files, eq(files.id, fileChunks.fileId))
        .where(and(eq(fileChunks.ownerId, ownerId), inArray(fileChunks.id, [...ids])));
      return rows.map(toStoredFileChunk);
    },
  };
}

/** A text[] literal of words, each reduced to letters and digits (as queryWords makes them). */
function arrayLiteral(words: readonly string[]): string {
  const clean = words.map((word) => word.replace(/[^\p{L}\p{N}]/gu, "")).filter(Boolean);
  return `{${clean.map((word) => `"${word}"`).join(",")}}`;
}
