// Retrieval over a conversation's files: chunking along the text's structure, embedding with the
// configured embedding model, exact vector similarity and full-text match fused by rank, within
// a token budget; the turn's chooser that gives the model numbered sources to cite.
export {
  type ChunkOptions,
  chunkText,
  defaultChunkOptions,
  estimateTokens,
  type TextChunk,
  type TextKind,
} from "./chunk-text";
export { ChunkVectorsCache, sharedChunkVectorsCache } from "./chunk-vectors-cache";
export { embedQuestion, embedTexts } from "./embed-texts";
export { FileIndexing, sharedFileIndexing } from "./file-indexing";
export { fuseRankings } from "./fuse-rankings";
export {
  type FileToIndex,
  type IndexedFile,
  type IndexFileDeps,
  indexFile,
  textKindOf,
} from "./index-file";
export { createRetrievalChooser, type RetrievalChooserDeps } from "./retrieval-chooser";
export { type RetrievalScope, type RetrievalStore, searchFileChunks } from "./search-file-chunks";
export { bytesToVector, normalizeVector, vectorToBytes } from "./vector-bytes";
