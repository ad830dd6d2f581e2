/** A passage of a file, as ingest stores it (lib/retrieval): its text, place and vector. */
export interface NewFileChunk {
  /** Its position among the file's chunks, from 0. */
  ordinal: number;
  /** 1-based page of a paged document (PDF); null otherwise. */
  page: number | null;
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** Normalised float32 values, little-endian (lib/retrieval/vector-bytes.ts). */
  embedding: Uint8Array;
}

/** A stored chunk, with the name of its file (what a source shows). */
export interface StoredFileChunk extends Omit<NewFileChunk, "embedding"> {
  /** Increasing with every chunk stored, never reused (so a chunk set's version is cheap). */
  id: number;
  fileId: string;
  fileName: string;
  conversationId: string;
}

/** One row of a conversation's vectors: what exact similarity search reads. */
export interface FileChunkVector {
  id: number;
  fileId: string;
  embedding: Uint8Array;
}

/**
 * Changes whenever a conversation's chunks change: chunks are only added and deleted, ids only
 * grow, so (count, highest id) differs after any change. Caches of vectors are keyed by it.
 */
export interface FileChunkSetVersion {
  count: number;
  maxId: number;
}

/** A chunk whose words match a query, best first (BM25 on SQLite, ts_rank_cd on PostgreSQL). */
export interface FileChunkMatch {
  id: number;
  fileId: string;
}

/**
 * What the full-text search of chunks takes: the question's words, any of which may match, less
 * the commonest English words — they match nearly every chunk and would rank passages by how
 * often they say "the" (PostgreSQL's English configuration drops them too; FTS5 keeps all).
 */
export function queryWords(question: string, max = 32): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => word.length > 1 && !stopWords.has(word)))].slice(
    0,
    max,
  );
}

const stopWords = new Set(
  `a about above after again all am an and any are as at be been before being below between both
  but by can could did do does doing down during each few for from further had has have having he
  her here hers him his how if in into is it its itself me more most my no nor not of off on once
  only or other our ours out over own same she should so some such than that the their theirs them
  then there these they this those through to too under until up very was we were what when where
  which while who whom why will with would you your yours`.split(/\s+/),
);
