import { expect, it } from "vitest";
import { encodeEmbeddingBase64 } from "./encode-embedding";

it.each([
  [[], ""],
  // 1.0f is 0x3f800000: little-endian 00 00 80 3f.
  [[1], "AACAPw=="],
  [[1, -2, 0.5], "AACAPwAAAMAAAAA/"],
])("%j as little-endian float32 in base64: %s", (vector, base64) => {
  expect(encodeEmbeddingBase64(vector)).toBe(base64);
});

it("decodes back to the float32 values of the vector", () => {
  const vector = [0.1, -0.25, Math.PI, 1e-8];
  const bytes = Buffer.from(encodeEmbeddingBase64(vector), "base64");
  const decoded = Array.from({ length: vector.length }, (_, i) => bytes.readFloatLE(i * 4));
  expect(decoded).toEqual(vector.map(Math.fround));
});
