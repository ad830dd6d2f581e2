import "server-only";
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import type { TurnFileChooser } from "@/lib/chat/turn";
import { firstPartThatFits } from "@/lib/chat/turn/file-context";
import { loggableError } from "@/lib/log/loggable-error";
import { getEmbeddingModel } from "@/lib/models/embedding-model";
import type { ChatStore } from "@/lib/store";
import { sharedFileIndexing } from "./file-indexing";
import { createRetrievalChooser } from "./retrieval-chooser";
import { createUploadIndexing, type UploadIndexing } from "./upload-indexing";

/**
 * Retrieval as the app wires it: the configured embedding model (CHAT_EMBEDDING_MODEL, loaded
 * on first use) and the process's indexing jobs.
 */
export function appFileChooser(
  store: ChatStore,
  scope: { ownerId: string; conversationId: string },
): TurnFileChooser {
  let embeddingModel: EmbeddingModelV4;
  try {
    embeddingModel = getEmbeddingModel().model;
  } catch (error) {
    console.error("[retrieval] no embedding model; long files are cut:", loggableError(error));
    return { choose: firstPartThatFits, sources: () => [] };
  }
  return createRetrievalChooser(
    {
      store,
      embeddingModel,
      indexing: sharedFileIndexing(),
      onError: (error) =>
        console.error("[retrieval] failed; the file's beginning is given:", loggableError(error)),
    },
    scope,
  );
}

/**
 * Indexing of uploads as the app wires it (upload-indexing.ts): the configured embedding model,
 * the process's jobs, and a line in the log for each file indexed or failed.
 */
export function appUploadIndexing(minChars: number): UploadIndexing {
  return createUploadIndexing({
    indexing: sharedFileIndexing(),
    embeddingModel: () => getEmbeddingModel().model,
    minChars,
    onIndexed: (file, indexed) =>
      console.log(
        `[retrieval] indexed ${file.name}: ${indexed.chunks} chunks in ${Math.round(indexed.totalMs)} ms (${Math.round(indexed.embeddingMs)} ms embedding)`,
      ),
    onError: (_file, error) => console.error("[retrieval] indexing failed:", loggableError(error)),
  });
}
