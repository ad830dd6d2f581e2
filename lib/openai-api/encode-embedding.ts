/**
 * A vector as OpenAI sends it with `encoding_format: "base64"`: its values as little-endian
 * float32, base64-encoded (the official clients decode it back into floats).
 */
export function encodeEmbeddingBase64(vector: readonly number[]): string {
  const bytes = new DataView(new ArrayBuffer(vector.length * 4));
  for (const [i, value] of vector.entries()) bytes.setFloat32(i * 4, value, true);
  return Buffer.from(bytes.buffer).toString("base64");
}
