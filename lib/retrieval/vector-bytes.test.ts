import { expect, test } from "vitest";
import { bytesToVector, dot, normalizeVector, vectorToBytes } from "./vector-bytes";

test("vectors round-trip through little-endian float32 bytes", () => {
  const vector = Float32Array.from([0.5, -1.25, 3]);
  const bytes = vectorToBytes(vector);
  expect([...bytes.slice(0, 4)]).toEqual([0, 0, 0, 63]);
  expect(bytesToVector(bytes)).toEqual(vector);
  // A view into a larger buffer at an odd offset reads as well.
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes, 1);
  expect(bytesToVector(padded.subarray(1))).toEqual(vector);
});

test("normalised vectors have length 1, so the dot product is the cosine", () => {
  const a = normalizeVector([3, 4]);
  expect([...a]).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  expect(dot(a, a)).toBeCloseTo(1, 6);
  expect([...normalizeVector([0, 0])]).toEqual([0, 0]);
});
