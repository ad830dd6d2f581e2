import "server-only";
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import type { TurnFileChooser } from "@/lib/chat/turn";
import { firstPartThatFits } from "@/lib/chat/turn/file-context";
import { loggableError } from "@/lib/log/loggable-error";
import { getEmbeddingModel } from "@/lib/models/embedding-model";
import type { ChatStore, StoredFileInfo } from "@/lib/store";
import { sharedFileIndexing } from "./file-indexing";
import { createRetrievalChooser } from "./retrieval-chooser";

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
 * After an upload: a file longer than a turn gives files whole (`minChars`) is indexed in the
 * background, so that its chunks are ready when it is asked about (a turn that comes first waits
 * for the same job). Shorter files go whole, and are indexed only if a turn needs them cut.
 */
export function indexUploadedFile(minChars: number) {
  return (store: ChatStore, info: StoredFileInfo) => {
    void (async () => {
      const [file] = await store.getFiles(info.ownerId, [info.id]);
      if (!file?.text || file.text.length <= minChars) return;
      const started = performance.now();
      const indexed = await sharedFileIndexing().start(
        { store, embeddingModel: getEmbeddingModel().model },
        { id: file.id, ownerId: file.ownerId, name: file.name, text: file.text },
      );
      console.log(
        `[retrieval] indexed ${file.name}: ${indexed.chunks} chunks in ${Math.round(performance.now() - started)} ms (${Math.round(indexed.embeddingMs)} ms embedding)`,
      );
    })().catch((error) => console.error("[retrieval] indexing failed:", loggableError(error)));
  };
}
