import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import type { ChatStore, StoredFileInfo } from "@/lib/store";
import type { FileIndexing } from "./file-indexing";
import type { IndexedFile } from "./index-file";
import type { IndexingState } from "./indexing-state";

/** Indexing as the file routes see it: started by an upload, its state read by the page. */
export interface UploadIndexing {
  /** An upload stored this file: starts indexing it if it is too long to go whole; its state now. */
  started(store: ChatStore, file: StoredFileInfo, text: string | null): IndexingState;
  /** Where the file is now (the page asks only while it says `indexing`). */
  /**
   * Where the owner's file is now (the page asks only while it says `indexing`); undefined when
   * the owner has no such file. A running job is answered from memory, without a query.
   */
  stateOf(store: ChatStore, ownerId: string, fileId: string): Promise<IndexingState | undefined>;
}

export interface UploadIndexingOptions {
  indexing: FileIndexing;
  /** The embedding model, asked for when a file needs it (throws when none can be made). */
  embeddingModel: () => EmbeddingModelV4;
  /** Files longer than this many characters do not go whole (CHAT_FILE_CONTEXT_CHARS). */
  minChars: number;
  onIndexed?: (file: StoredFileInfo, indexed: IndexedFile) => void;
  onError?: (file: StoredFileInfo, error: unknown) => void;
}

/**
 * After an upload, a file longer than a turn gives files whole is indexed in the background, so
 * that its chunks are ready when it is asked about (a turn that comes first waits for the same
 * job). Shorter files go whole, and are indexed only if a turn needs them cut.
 */
export function createUploadIndexing(options: UploadIndexingOptions): UploadIndexing {
  const { indexing, minChars } = options;
  return {
    started(store, file, text) {
      if (!text || text.length <= minChars) return { state: "whole" };
      let embeddingModel: EmbeddingModelV4;
      try {
        embeddingModel = options.embeddingModel();
      } catch (error) {
        indexing.recordFailure(file, error);
        options.onError?.(file, error);
        return {
          state: "failed",
          reason: failureSentence(indexing.failureOf(file.ownerId, file.id)),
        };
      }
      indexing
        .startLoading({ store, embeddingModel }, file, async () => {
          const [stored] = await store.getFiles(file.ownerId, [file.id]);
          return stored;
        })
        .then(
          (indexed) => options.onIndexed?.(file, indexed),
          (error: unknown) => options.onError?.(file, error),
        );
      return { state: "indexing", done: 0, total: 0 };
    },

    async stateOf(store, ownerId, fileId) {
      const progress = indexing.progressOf(ownerId, fileId);
      if (progress) return { state: "indexing", ...progress };
      const failure = indexing.failureOf(ownerId, fileId);
      if (failure !== undefined) return { state: "failed", reason: failureSentence(failure) };
      // Counted among the owner's files only: another's file has none here.
      const chunks = (await store.countFileChunks(ownerId, [fileId])).get(fileId) ?? 0;
      if (chunks > 0) return { state: "ready", chunks };
      // Rare (no job, no chunks): whether it is the owner's, and needs any, is in its text.
      const [stored] = await store.getFiles(ownerId, [fileId]);
      if (!stored) return undefined;
      return stored.text && stored.text.length > minChars
        ? { state: "pending" }
        : { state: "whole" };
    },
  };
}

function failureSentence(why: string | undefined): string {
  return `It could not be indexed for search (${why ?? "unknown error"}): the model gets its beginning only.`;
}
