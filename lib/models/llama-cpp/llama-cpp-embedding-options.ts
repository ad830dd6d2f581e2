import { z } from "zod";

/** `providerOptions.llamaCpp` of an embedding call. */
export const llamaCppEmbeddingOptionsSchema = z.object({
  /**
   * What the values are, for models trained with task prefixes (nomic-embed-text's
   * `search_query: ` / `search_document: `, see llama-cpp-embedding-traits.ts): the model's own
   * prefix is put in front of each value. Unset, or a model without prefixes: the values as given.
   */
  inputType: z.enum(["query", "document"]).optional(),
});

export type LlamaCppEmbeddingOptions = z.infer<typeof llamaCppEmbeddingOptionsSchema>;
