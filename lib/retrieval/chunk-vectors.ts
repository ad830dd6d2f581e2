import type { FileChunkVector } from "@/lib/store/stored-file-chunk";
import { bytesToVector } from "./vector-bytes";

/**
 * A conversation's chunk vectors as one matrix, row after row, for exact search: the dot product
 * with every row (docs/decisions/0012-retrieval-without-an-index.md).
 */
export interface ChunkVectors {
  ids: Int32Array | Float64Array;
  fileIds: string[];
  dimensions: number;
  /** `ids.length × dimensions` values. */
  matrix: Float32Array;
}

/** Rows of another width (vectors of an earlier embedding model) are left out: they cannot compare. */
export function toChunkVectors(rows: readonly FileChunkVector[]): ChunkVectors {
  const counts = new Map<number, number>();
  for (const row of rows)
    counts.set(row.embedding.byteLength, (counts.get(row.embedding.byteLength) ?? 0) + 1);
  const width = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const kept = rows.filter((row) => row.embedding.byteLength === width && width > 0);
  const dimensions = width / 4;
  const matrix = new Float32Array(kept.length * dimensions);
  const ids = new Float64Array(kept.length);
  kept.forEach((row, i) => {
    matrix.set(bytesToVector(row.embedding), i * dimensions);
    ids[i] = row.id;
  });
  return { ids, fileIds: kept.map((row) => row.fileId), dimensions, matrix };
}

/** The ids of the `limit` rows most similar to `query` (a normalised vector), best first. */
export function nearestChunks(
  vectors: ChunkVectors,
  query: Float32Array,
  limit: number,
  fileIds?: ReadonlySet<string>,
): number[] {
  const { dimensions, matrix, ids } = vectors;
  if (query.length !== dimensions || limit <= 0) return [];
  // The best `limit` so far, kept sorted ascending by score: a small insertion list beats
  // sorting 20,000 scores.
  const bestScores: number[] = [];
  const bestRows: number[] = [];
  for (let row = 0; row < ids.length; row++) {
    if (fileIds && !fileIds.has(vectors.fileIds[row] as string)) continue;
    let score = 0;
    const offset = row * dimensions;
    for (let i = 0; i < dimensions; i++) {
      score += (matrix[offset + i] as number) * (query[i] as number);
    }
    if (bestScores.length === limit && score <= (bestScores[0] as number)) continue;
    let at = 0;
    while (at < bestScores.length && (bestScores[at] as number) < score) at++;
    bestScores.splice(at, 0, score);
    bestRows.splice(at, 0, row);
    if (bestScores.length > limit) {
      bestScores.shift();
      bestRows.shift();
    }
  }
  return bestRows.reverse().map((row) => ids[row] as number);
}
