import { expect, test } from "vitest";
import { embeddingTraitsOf } from "./llama-cpp-embedding-traits";

test.each([
  [["nomic-embed-text-v1.5", undefined, "x.gguf"], 64, "search_query: "],
  [[undefined, undefined, "nomic-embed-text-v1.5.Q8_0.gguf"], 64, "search_query: "],
  [["EmbeddingGemma 300m"], 128, "task: search result | query: "],
  [[undefined, "Qwen3-Embedding", "Qwen3-Embedding-0.6B-Q8_0.gguf"], 32, "Instruct: "],
  [["bge-small-en-v1.5"], undefined, "Represent this sentence"],
  [["stories260K", "llama", "stories260K.gguf"], undefined, undefined],
  [["nomic-embed-text-v1"], undefined, undefined],
])("%j: Matryoshka from %s, query prefix %s", (names, minDimensions, queryPrefix) => {
  const traits = embeddingTraitsOf(names);
  expect(traits.matryoshka?.minDimensions).toBe(minDimensions);
  if (queryPrefix === undefined) expect(traits.prefixes).toBeUndefined();
  else expect(traits.prefixes?.query.startsWith(queryPrefix)).toBe(true);
});
