/**
 * Vectors are stored as their float32 values, little-endian, one after another: the layout of
 * libSQL's F32 vectors and of OpenAI's base64 embeddings, so SQLite's `vector_distance_cos`
 * reads the column as it is.
 */
export function vectorToBytes(vector: Float32Array): Uint8Array {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i] as number, true);
  return bytes;
}

export function bytesToVector(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

/** Length 1 (Euclidean), so that cosine similarity is a dot product; a zero vector stays zero. */
export function normalizeVector(values: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] ?? 0) ** 2;
  const norm = Math.sqrt(sum) || 1;
  return Float32Array.from({ length: values.length }, (_, i) => (values[i] ?? 0) / norm);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
