import type { EmbeddingModelV4Result } from "@ai-sdk/provider";
import { embedMany } from "ai";
import type { EmbeddingModelEntry } from "@/lib/models/embedding-model";
import { LlamaCppEmbeddingModel } from "@/lib/models/llama-cpp";
import type { EmbeddingRequest } from "./embedding-schema";
import { encodeEmbeddingBase64 } from "./encode-embedding";
import { OpenAIApiError } from "./openai-api-error";
import type { EmbeddingList } from "./openai-types";

/**
 * `POST /v1/embeddings` once the body is valid and names the served model: texts through the AI
 * SDK's `embedMany` (so a remote model's own per-call limit is kept), token ids straight to the
 * local model, which alone reads them.
 */
export async function createEmbeddings(
  { model, name }: EmbeddingModelEntry,
  request: EmbeddingRequest,
  signal: AbortSignal,
): Promise<EmbeddingList> {
  const { embeddings, tokens } = await embed(model, name, request, signal);
  return {
    object: "list",
    data: embeddings.map((vector, index) => ({
      object: "embedding",
      index,
      embedding: request.encodingFormat === "base64" ? encodeEmbeddingBase64(vector) : vector,
    })),
    model: name,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

async function embed(
  model: EmbeddingModelEntry["model"],
  name: string,
  { input, dimensions }: EmbeddingRequest,
  abortSignal: AbortSignal,
): Promise<{ embeddings: number[][]; tokens: number }> {
  if (input.type === "tokens") {
    if (!LlamaCppEmbeddingModel.isInstance(model)) {
      throw new OpenAIApiError("unsupported_value", {
        message: `Token ids are read only by a local embedding model; '${name}' is a remote one: send text.`,
        param: "input",
      });
    }
    const result: EmbeddingModelV4Result = await model.doEmbedTokens({
      inputs: input.values,
      dimensions,
      abortSignal,
    });
    return { embeddings: result.embeddings, tokens: result.usage?.tokens ?? 0 };
  }
  const result = await embedMany({
    model,
    values: input.values,
    dimensions,
    abortSignal,
    maxRetries: 0,
  });
  // NaN when a remote server does not report usage.
  const tokens = result.usage.tokens;
  return { embeddings: result.embeddings, tokens: Number.isFinite(tokens) ? tokens : 0 };
}
