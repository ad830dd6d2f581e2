import { expect, test } from "vitest";
import {
  bestChunks,
  nearestChunks,
  scoreRowsInJavaScript,
  scoreRowsNatively,
  toChunkVectors,
} from "./chunk-vectors";
import { vectorToBytes } from "./vector-bytes";

let seed = 1;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
function unitVector(dimensions: number): Float32Array {
  const values = Float32Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

// 3,000 chunks of three files, interleaved as ingest of several files at once stores them.
const fileOf = (i: number) => ["file-b", "file-a", "file-c"][i % 3] as string;
const rows = Array.from({ length: 3000 }, (_, i) => ({
  id: 1000 + i,
  fileId: fileOf(i),
  embedding: vectorToBytes(unitVector(64)),
}));
const vectors = toChunkVectors(rows);
const queries = Array.from({ length: 20 }, () => unitVector(64));

test("the native search finds the same best rows as the plain loop, with the same scores", () => {
  for (const query of queries) {
    for (const files of [undefined, new Set(["file-c"]), new Set(["file-a", "file-b"])]) {
      const native = bestChunks(vectors, query, 40, files, scoreRowsNatively);
      const plain = bestChunks(vectors, query, 40, files, scoreRowsInJavaScript);
      expect(native.map(({ id }) => id)).toEqual(plain.map(({ id }) => id));
      native.forEach(({ score }, i) => {
        expect(score).toBeCloseTo(plain[i]?.score as number, 5);
      });
    }
  }
});

test("a search of some files returns only their chunks, best first; the nearest chunk of a vector is its own", () => {
  const own = rows[1234] as (typeof rows)[number];
  const query = new Float32Array(Uint8Array.from(own.embedding).buffer);
  expect(nearestChunks(vectors, query, 1)).toEqual([own.id]);
  expect(nearestChunks(vectors, query, 5, new Set([own.fileId]))[0]).toBe(own.id);
  expect(own.fileId).toBe("file-a");
  const elsewhere = nearestChunks(vectors, query, 50, new Set(["file-c"]));
  expect(elsewhere).toHaveLength(50);
  expect(elsewhere).not.toContain(own.id);
  expect(elsewhere.every((id) => fileOf(id - 1000) === "file-c")).toBe(true);
  expect(nearestChunks(vectors, query, 5, new Set(["no-such-file"]))).toEqual([]);
  expect(nearestChunks(vectors, new Float32Array(3), 5)).toEqual([]);
});

test("rows of another width are left out; each file's rows are a matrix of its own", () => {
  const mixed = toChunkVectors([
    ...rows.slice(0, 10),
    { id: 1, fileId: "old", embedding: vectorToBytes(unitVector(8)) },
  ]);
  expect(mixed.dimensions).toBe(64);
  expect(
    Object.fromEntries([...mixed.files].map(([fileId, { ids }]) => [fileId, [...ids]])),
  ).toEqual({
    "file-b": [1000, 1003, 1006, 1009],
    "file-a": [1001, 1004, 1007],
    "file-c": [1002, 1005, 1008],
  });
  const file = mixed.files.get("file-a");
  expect(file?.matrix.byteOffset).toBe(0);
  expect(file?.matrix.slice(64, 128)).toEqual(
    new Float32Array(Uint8Array.from(rows[4]?.embedding ?? []).buffer),
  );
});
