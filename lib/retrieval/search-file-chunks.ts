import type { ChatStore } from "@/lib/store";
import { queryWords, type StoredFileChunk } from "@/lib/store/stored-file-chunk";
import { nearestChunks } from "./chunk-vectors";
import { type ChunkVectorsCache, sharedChunkVectorsCache } from "./chunk-vectors-cache";
import { fuseRankings } from "./fuse-rankings";

export type RetrievalStore = Pick<
  ChatStore,
  "fileChunkSetVersion" | "fileChunkVectors" | "matchFileChunks" | "getFileChunks"
>;

/** Whose chunks a search reads: one owner's conversation, optionally only some of its files. */
export interface RetrievalScope {
  ownerId: string;
  conversationId: string;
  fileIds?: readonly string[];
}

export interface SearchOptions {
  /** The chunks returned fit in this many (estimated) tokens together. */
  budgetTokens: number;
  /** How many each ranking (vectors, words) contributes before fusion. */
  candidates?: number;
  cache?: ChunkVectorsCache;
}

/**
 * The chunks that best answer `question`, best first, within the budget: the chunks nearest the
 * question's vector and those that share its words, merged by reciprocal rank fusion. Words
 * find names, numbers and rare terms a small embedding model blurs; vectors find passages that
 * say the same in other words.
 */
export async function searchFileChunks(
  store: RetrievalStore,
  scope: RetrievalScope,
  question: string,
  questionVector: Float32Array,
  options: SearchOptions,
): Promise<StoredFileChunk[]> {
  const candidates = options.candidates ?? 40;
  const cache = options.cache ?? sharedChunkVectorsCache();
  const fileIds = scope.fileIds ? new Set(scope.fileIds) : undefined;
  if (fileIds?.size === 0) return [];
  const [vectors, matches] = await Promise.all([
    cache.get(store, scope.ownerId, scope.conversationId),
    store.matchFileChunks(scope.ownerId, scope.conversationId, queryWords(question), {
      fileIds: scope.fileIds,
      limit: candidates,
    }),
  ]);
  const byVector = nearestChunks(vectors, questionVector, candidates, fileIds);
  const fused = fuseRankings([byVector, matches.map((match) => match.id)]);
  const chunks = await store.getFileChunks(scope.ownerId, fused);
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  const taken: StoredFileChunk[] = [];
  let tokens = 0;
  for (const id of fused) {
    const chunk = byId.get(id);
    if (!chunk || tokens + chunk.tokens > options.budgetTokens) continue;
    taken.push(chunk);
    tokens += chunk.tokens;
  }
  return taken;
}
