import type { FileChunkSetVersion, FileChunkVector } from "@/lib/store/stored-file-chunk";
import { type ChunkVectors, chunkVectorsBytes, toChunkVectors } from "./chunk-vectors";

export interface ChunkVectorSource {
  fileChunkSetVersion(ownerId: string, conversationId: string): Promise<FileChunkSetVersion>;
  fileChunkVectors(ownerId: string, conversationId: string): Promise<FileChunkVector[]>;
}

interface Entry {
  version: string;
  vectors: Promise<ChunkVectors>;
  bytes: number;
}

/**
 * The vectors of recently searched conversations, held in memory. Reading 20,000 vectors of 768
 * floats from the database takes far longer than the search (60 MB); the version check is one
 * indexed count, so every search still sees the chunks stored since, by any instance. Least
 * recently used conversations go first once `maxBytes` is passed.
 */
export class ChunkVectorsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  async get(
    source: ChunkVectorSource,
    ownerId: string,
    conversationId: string,
  ): Promise<ChunkVectors> {
    const key = `${ownerId}\u0000${conversationId}`;
    const { count, maxId } = await source.fileChunkSetVersion(ownerId, conversationId);
    const version = `${count}:${maxId}`;
    const cached = this.entries.get(key);
    if (cached?.version === version) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.vectors;
    }
    const entry: Entry = {
      version,
      bytes: 0,
      vectors: source.fileChunkVectors(ownerId, conversationId).then(toChunkVectors),
    };
    this.entries.delete(key);
    this.entries.set(key, entry);
    try {
      const vectors = await entry.vectors;
      entry.bytes = chunkVectorsBytes(vectors);
      this.evict();
      return vectors;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  private evict() {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.bytes;
    for (const [key, entry] of this.entries) {
      if (total <= this.maxBytes || this.entries.size === 1) break;
      total -= entry.bytes;
      this.entries.delete(key);
    }
  }
}

const key = Symbol.for("chat-completion.chunk-vectors-cache");
const holder = globalThis as { [key]?: ChunkVectorsCache };

/** One cache per process, whichever bundle asks (as the models are). */
export function sharedChunkVectorsCache(): ChunkVectorsCache {
  holder[key] ??= new ChunkVectorsCache();
  return holder[key];
}
