import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { wordsToRank } from "../common-words";
import type { FileChunkMethods } from "../file-chunk-rows";
import { chunkRows, toStoredFileChunk } from "../file-chunk-rows";
import { chunks } from "../store-rows";
import { countTerms, fts5Term, isSharedTerm } from "./fts5-terms";
import { fileChunks, fileChunkTerms, files } from "./schema";

/**
 * A conversation's file chunks on SQLite; every query carries the owner. Words are matched by
 * the FTS5 table `file_chunks_fts` (migration 0009, kept in step by triggers), ranked by BM25.
 * Its `conversation_id` column is indexed too, so that the match itself is scoped: FTS5 then
 * ranks only the conversation's chunks, not every chunk in the database that has the words.
 * Words found in too many of the conversation's chunks are left out first (common-words.ts), by
 * the term counts stored with each file's chunks (`file_chunk_terms`, terms as fts5-terms.ts
 * makes them).
 */
export function sqliteFileChunks(db: LibSQLDatabase): FileChunkMethods {
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
      await db.batch([
        db.delete(fileChunks).where(eq(fileChunks.fileId, fileId)),
        ...chunks(rows, 500).map((part) => db.insert(fileChunks).values(part)),
        db.delete(fileChunkTerms).where(eq(fileChunkTerms.fileId, fileId)),
        ...chunks(fileTermRows(fileId, file.conversationId, newChunks), 500).map((part) =>
          db.insert(fileChunkTerms).values(part),
        ),
      ]);
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
      // Each word quoted: FTS5 syntax in a question ("AND", "-", "*") is read as text.
      const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
      const inConversation = `conversation_id : ${quote(conversationId)}`;
      // The common words are left out before ranking (common-words.ts), by the term counts
      // stored with the chunks: no match is read for a word the ranking will not use.
      const terms = words.map(fts5Term);
      const [counted, [total]] = await db.batch([
        db
          .select({ term: fileChunkTerms.term, n: sql<number>`sum(${fileChunkTerms.chunks})` })
          .from(fileChunkTerms)
          .innerJoin(files, eq(files.id, fileChunkTerms.fileId))
          .where(
            and(
              eq(fileChunkTerms.conversationId, conversationId),
              inArray(fileChunkTerms.term, [...new Set(terms)]),
              eq(files.ownerId, ownerId),
            ),
          )
          .groupBy(fileChunkTerms.term),
        db
          .select({ n: sql<number>`count(*)` })
          .from(fileChunks)
          .where(scope(ownerId, conversationId)),
      ]);
      const counts = new Map(counted.map((row) => [row.term, Number(row.n)]));
      // A word the counts do not know is absent, unless its term may not be FTS5's own.
      const known = words
        .map((word, i) => ({
          word,
          n: counts.get(terms[i] as string) ?? 0,
          term: terms[i] as string,
        }))
        .filter(({ n, term }) => n > 0 || !isSharedTerm(term));
      const kept = wordsToRank(known, Number(total?.n ?? 0)).map(({ word }) => word);
      if (kept.length === 0) return [];
      const query = `${inConversation} AND text : (${kept.map(quote).join(" OR ")})`;
      const inFiles = options.fileIds
        ? sql`AND c.file_id IN (${sql.join(
            options.fileIds.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql``;
      return db.all<{ id: number; fileId: string }>(sql`
        SELECT c.id AS id, c.file_id AS fileId
        FROM file_chunks_fts
        JOIN file_chunks c ON c.id = file_chunks_fts.rowid
        WHERE file_chunks_fts MATCH ${query}
          AND c.owner_id = ${ownerId} AND c.conversation_id = ${conversationId} ${inFiles}
        ORDER BY bm25(file_chunks_fts, 1.0, 0.0)
        LIMIT ${options.limit}
      `);
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

/** A file's term counts (`file_chunk_terms`) from its chunks' texts. */
export function fileTermRows(
  fileId: string,
  conversationId: string,
  fileChunks: readonly { text: string }[],
) {
  return [...countTerms(fileChunks.map((chunk) => chunk.text))].map(([term, count]) => ({
    fileId,
    conversationId,
    term,
    chunks: count,
  }));
}
