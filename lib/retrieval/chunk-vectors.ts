import usearch, { type Matches } from "usearch";
import type { FileChunkVector } from "@/lib/store/stored-file-chunk";
import { bytesToVector } from "./vector-bytes";

/**
 * A conversation's chunk vectors for exact search: the dot product with every row
 * (docs/decisions/0012-retrieval-without-an-index.md). Each file's vectors are one matrix, row
 * after row, in a buffer of its own (usearch reads a buffer from its start), so that a search of
 * some files reads only theirs.
 */
export interface ChunkVectors {
  dimensions: number;
  files: ReadonlyMap<string, FileVectors>;
}

export interface FileVectors {
  /** The chunk id of each row. */
  ids: Float64Array;
  /** `ids.length × dimensions` values. */
  matrix: Float32Array;
}

/** Rows of another width (vectors of an earlier embedding model) are left out: they cannot compare. */
export function toChunkVectors(rows: readonly FileChunkVector[]): ChunkVectors {
  const counts = new Map<number, number>();
  for (const row of rows)
    counts.set(row.embedding.byteLength, (counts.get(row.embedding.byteLength) ?? 0) + 1);
  const width = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const dimensions = width / 4;
  const byFile = new Map<string, FileChunkVector[]>();
  for (const row of rows) {
    if (row.embedding.byteLength !== width || width === 0) continue;
    const file = byFile.get(row.fileId);
    if (file) file.push(row);
    else byFile.set(row.fileId, [row]);
  }
  const files = new Map<string, FileVectors>();
  for (const [fileId, fileRows] of byFile) {
    fileRows.sort((a, b) => a.id - b.id);
    const matrix = new Float32Array(fileRows.length * dimensions);
    fileRows.forEach((row, i) => {
      matrix.set(bytesToVector(row.embedding), i * dimensions);
    });
    files.set(fileId, { ids: Float64Array.from(fileRows, (row) => row.id), matrix });
  }
  return { dimensions, files };
}

/** The bytes the vectors hold (what the cache counts). */
export function chunkVectorsBytes(vectors: ChunkVectors): number {
  let bytes = 0;
  for (const file of vectors.files.values()) bytes += file.matrix.byteLength + file.ids.byteLength;
  return bytes;
}

/** A chunk and its dot product with the query. */
export interface Scored {
  id: number;
  score: number;
}

/** The best `limit` rows of one file's matrix, best first. */
export type ScoreRows = (
  file: FileVectors,
  dimensions: number,
  query: Float32Array,
  limit: number,
) => Scored[];

/**
 * The ids of the `limit` chunks most similar to `query` (a normalised vector), best first, among
 * the given files' chunks (all, when none are given). The dot products are usearch's exact
 * search: SIMD in native code, ~8× the plain JavaScript loop (scoreRowsInJavaScript, the
 * reference its test compares with).
 */
export function nearestChunks(
  vectors: ChunkVectors,
  query: Float32Array,
  limit: number,
  fileIds?: ReadonlySet<string>,
): number[] {
  return bestChunks(vectors, query, limit, fileIds, scoreRowsNatively).map(({ id }) => id);
}

export function bestChunks(
  vectors: ChunkVectors,
  query: Float32Array,
  limit: number,
  fileIds: ReadonlySet<string> | undefined,
  score: ScoreRows,
): Scored[] {
  if (query.length !== vectors.dimensions || limit <= 0) return [];
  const files = fileIds
    ? [...fileIds].flatMap((id) => vectors.files.get(id) ?? [])
    : [...vectors.files.values()];
  return files
    .flatMap((file) => score(file, vectors.dimensions, query, limit))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit);
}

/** usearch's exact inner-product search of one file's matrix. */
export const scoreRowsNatively: ScoreRows = ({ ids, matrix }, dimensions, query, limit) => {
  const found = usearch.exactSearch(
    matrix,
    query,
    dimensions,
    Math.min(limit, ids.length),
    usearch.MetricKind.IP,
    1,
  ) as Matches;
  // Inner-product distance is 1 − the dot product.
  return Array.from(found.keys, (key, i) => ({
    id: ids[Number(key)] as number,
    score: 1 - (found.distances[i] as number),
  }));
};

/** The same in plain JavaScript: every row's dot product, the best `limit` kept. */
export const scoreRowsInJavaScript: ScoreRows = ({ ids, matrix }, dimensions, query, limit) => {
  const scored: Scored[] = [];
  for (let row = 0; row < ids.length; row++) {
    let score = 0;
    const offset = row * dimensions;
    for (let i = 0; i < dimensions; i++)
      score += (matrix[offset + i] as number) * (query[i] as number);
    scored.push({ id: ids[row] as number, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, limit);
};
