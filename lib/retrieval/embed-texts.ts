import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import { embedMany } from "ai";
import { LlamaCppError } from "@/lib/models/llama-cpp";
import { normalizeVector } from "./vector-bytes";

/** Passages are embedded as documents, a question as a query: models trained with task prefixes get theirs. */
export type EmbeddingInputType = "document" | "query";

/**
 * Normalised vectors for `texts`, in order. A passage longer than the local model reads is
 * embedded by its first part (halved until it fits): its vector then stands for its beginning,
 * which is what retrieval can do with such a model; the full text is still stored and searched
 * by its words.
 */
export async function embedTexts(
  model: EmbeddingModelV4,
  texts: readonly string[],
  inputType: EmbeddingInputType,
  abortSignal?: AbortSignal,
): Promise<Float32Array[]> {
  const values = [...texts];
  for (;;) {
    try {
      const { embeddings } = await embedMany({
        model,
        values,
        maxRetries: 0,
        abortSignal,
        providerOptions: { llamaCpp: { inputType } },
      });
      return embeddings.map(normalizeVector);
    } catch (error) {
      const index =
        LlamaCppError.isInstance(error) && error.code === "input-too-long"
          ? error.inputIndex
          : undefined;
      const long = index === undefined ? undefined : values[index];
      if (index === undefined || long === undefined || long.length < 2) throw error;
      values[index] = long.slice(0, Math.floor(long.length / 2));
    }
  }
}

export async function embedQuestion(
  model: EmbeddingModelV4,
  question: string,
  abortSignal?: AbortSignal,
): Promise<Float32Array> {
  const [vector] = await embedTexts(model, [question], "query", abortSignal);
  if (!vector) throw new Error("The embedding model returned no vector for the question.");
  return vector;
}
