import "server-only";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { wordsToRank } from "../common-words";
import type { FileChunkMethods } from "../file-chunk-rows";
import { chunkRows, toStoredFileChunk } from "../file-chunk-rows";
import { chunks } from "../store-rows";
import { fileChunks, fileChunkTerms, files } from "./schema";

/**
 * A conversation's file chunks on PostgreSQL; every query carries the owner. Words are matched by
 * the generated `tsv` column (English stemming, GIN index; migration 0009), less the words too
 * common in the conversation to tell its chunks apart (common-words.ts: found by the term counts
 * stored with each file's chunks), ranked by idf.
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
        await tx.delete(fileChunkTerms).where(eq(fileChunkTerms.fileId, fileId));
        await tx.execute(countFileTerms(fileId, file.conversationId));
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
      const clean = cleanWords(words);
      if (clean.length === 0 || options.fileIds?.length === 0) return [];
      // The common words are left out before ranking (common-words.ts), by the term counts
      // stored with the chunks: no match is read for a word the ranking will not use. A word's
      // count is its lexeme's (the most of its lexemes', should it make several).
      const [total] = await db
        .select({ n: sql<number>`count(*)` })
        .from(fileChunks)
        .where(scope(ownerId, conversationId));
      const chunkCount = Number(total?.n ?? 0);
      const counts = await db.execute<{ word: string; n: number }>(sql`
        SELECT asked.word, coalesce(max(found.n), 0) AS n
        FROM unnest(${arrayLiteral(clean)}::text[]) AS asked (word)
        LEFT JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', asked.word)))
          AS lexeme (term) ON true
        LEFT JOIN LATERAL (
          SELECT sum(t.chunks) AS n
          FROM file_chunk_terms t JOIN files f ON f.id = t.file_id
          WHERE t.conversation_id = ${conversationId} AND t.term = lexeme.term
            AND f.owner_id = ${ownerId}
        ) AS found ON true
        GROUP BY asked.word
      `);
      const kept = wordsToRank(
        counts.map((count) => ({ word: count.word, n: Number(count.n) })).filter(({ n }) => n > 0),
        chunkCount,
      );
      if (kept.length === 0) return [];
      const inFiles = options.fileIds
        ? sql`AND c.file_id IN (${sql.join(
            options.fileIds.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql``;
      // Ranked by the words each chunk has, each weighted by how rare it is among the
      // conversation's chunks (idf), from the GIN index alone: ts_rank_cd would read (detoast)
      // every matching chunk's tsvector.
      const rows = await db.execute<{ id: number; fileId: string }>(sql`
        WITH words AS (
          SELECT word, websearch_to_tsquery('english', word) AS query,
            ln(${chunkCount + 1}::float8 / n) AS idf
          FROM unnest(
            ${arrayLiteral(kept.map((count) => count.word))}::text[],
            ${`{${kept.map((count) => count.n).join(",")}}`}::int[]
          ) AS kept (word, n)
        )
        SELECT c.id, c.file_id AS "fileId"
        FROM words
        JOIN file_chunks c ON c.tsv @@ words.query
        WHERE c.owner_id = ${ownerId} AND c.conversation_id = ${conversationId} ${inFiles}
        GROUP BY c.id, c.file_id
        ORDER BY sum(words.idf) DESC, c.id
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

/** The words reduced to letters and digits (as queryWords makes them), each once. */
function cleanWords(words: readonly string[]): string[] {
  return [...new Set(words.map((word) => word.replace(/[^\p{L}\p{N}]/gu, "")).filter(Boolean))];
}

/** A text[] literal of clean words (cleanWords). */
function arrayLiteral(words: readonly string[]): string {
  return `{${words.map((word) => `"${word}"`).join(",")}}`;
}

/**
 * Writes a file's term counts from its stored chunks: each lexeme of their `tsv` and in how many
 * chunks it occurs, as the `english` configuration makes them (the question's words are made
 * lexemes the same way).
 */
export function countFileTerms(fileId: string, conversationId: string): SQL {
  return sql`
    INSERT INTO file_chunk_terms (file_id, conversation_id, term, chunks)
    SELECT ${fileId}, ${conversationId}, word, ndoc
    FROM ts_stat(format('SELECT tsv FROM file_chunks WHERE file_id = %L', ${fileId}::text))`;
}
