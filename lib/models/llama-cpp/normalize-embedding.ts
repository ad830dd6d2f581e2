/**
 * The first `dimensions` values of a vector, scaled to length 1 (the Euclidean norm), as
 * llama-server, Ollama and OpenAI return embeddings: similarity is then a dot product. A vector of
 * zeros stays zeros.
 */
export function normalizeEmbedding(
  vector: readonly number[],
  dimensions: number = vector.length,
): number[] {
  const width = Math.min(dimensions, vector.length);
  let sumOfSquares = 0;
  for (let i = 0; i < width; i++) sumOfSquares += (vector[i] as number) ** 2;
  const scale = sumOfSquares > 0 ? 1 / Math.sqrt(sumOfSquares) : 0;
  const normalized = new Array<number>(width);
  for (let i = 0; i < width; i++) normalized[i] = (vector[i] as number) * scale;
  return normalized;
}
