/**
 * What a GGUF does not say about an embedding model but its model card does: whether it was
 * trained Matryoshka-style (its first n dimensions, normalized again, are an embedding in their own
 * right) and the task prefixes it was trained with.
 */
export interface LlamaCppEmbeddingTraits {
  /** Matryoshka-trained: `dimensions` down to `minDimensions` may be asked for. */
  matryoshka?: { minDimensions: number };
  /** Put in front of a search query and of a document (passage) respectively. */
  prefixes?: { query: string; document: string };
}

interface KnownModel {
  /** Matched against the GGUF's `general.name`, `general.basename` and the file name. */
  pattern: RegExp;
  traits: LlamaCppEmbeddingTraits;
}

const BGE_QUERY = "Represent this sentence for searching relevant passages: ";

/** From each model's card; a model not listed gets no truncation and no prefixes. */
const KNOWN_MODELS: readonly KnownModel[] = [
  {
    // Trained at 768, 512, 256, 128 and 64 dimensions; prefixes are required by its card.
    pattern: /nomic-embed-text-v1\.5/i,
    traits: {
      matryoshka: { minDimensions: 64 },
      prefixes: { query: "search_query: ", document: "search_document: " },
    },
  },
  {
    // 768, 512, 256 and 128 dimensions.
    pattern: /embeddinggemma/i,
    traits: {
      matryoshka: { minDimensions: 128 },
      prefixes: { query: "task: search result | query: ", document: "title: none | text: " },
    },
  },
  {
    // Any width from 32 to the full one.
    pattern: /qwen3-embedding/i,
    traits: {
      matryoshka: { minDimensions: 32 },
      prefixes: {
        query:
          "Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery:",
        document: "",
      },
    },
  },
  {
    pattern: /bge-(small|base|large)-en-v1\.5/i,
    traits: { prefixes: { query: BGE_QUERY, document: "" } },
  },
];

/** The traits of the first known model whose pattern matches one of the names. */
export function embeddingTraitsOf(names: readonly (string | undefined)[]): LlamaCppEmbeddingTraits {
  const known = KNOWN_MODELS.find(({ pattern }) =>
    names.some((name) => name !== undefined && pattern.test(name)),
  );
  return known?.traits ?? {};
}
