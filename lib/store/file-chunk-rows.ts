import type { ChatStore } from "./chat-store";
import type { NewFileChunk, StoredFileChunk } from "./stored-file-chunk";

export type FileChunkMethods = Pick<
  ChatStore,
  | "saveFileChunks"
  | "countFileChunks"
  | "fileChunkSetVersion"
  | "fileChunkVectors"
  | "matchFileChunks"
  | "getFileChunks"
>;

export function chunkRows(
  ownerId: string,
  fileId: string,
  conversationId: string,
  chunks: readonly NewFileChunk[],
) {
  return chunks.map((chunk) => ({
    fileId,
    conversationId,
    ownerId,
    ordinal: chunk.ordinal,
    page: chunk.page,
    text: chunk.text,
    tokens: chunk.tokens,
    embedding: Buffer.from(
      chunk.embedding.buffer,
      chunk.embedding.byteOffset,
      chunk.embedding.byteLength,
    ),
  }));
}

export function toStoredFileChunk(row: StoredFileChunk): StoredFileChunk {
  return { ...row, id: Number(row.id) };
}
