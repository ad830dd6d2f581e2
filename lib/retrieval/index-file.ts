import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import type { ChatStore } from "@/lib/store";
import { chunkText, type TextKind } from "./chunk-text";
import { embedTexts } from "./embed-texts";
import { vectorToBytes } from "./vector-bytes";

export interface IndexFileDeps {
  store: Pick<ChatStore, "saveFileChunks">;
  embeddingModel: EmbeddingModelV4;
  /** Told after each batch is embedded: chunks done of all (the upload's "indexing" state). */
  onProgress?: (done: number, total: number) => void;
  abortSignal?: AbortSignal;
}

/** The file as indexing needs it: a stored file's text (null for images: nothing to index). */
export interface FileToIndex {
  id: string;
  ownerId: string;
  name: string;
  text: string | null;
}

export interface IndexedFile {
  chunks: number;
  /** Time spent embedding, of the whole (the rest is chunking and storing). */
  embeddingMs: number;
  totalMs: number;
}

/** Embedded this many at a time, so progress moves and a long file does not hold one huge call. */
const BATCH = 32;

/**
 * Splits a stored file's text into chunks (chunk-text.ts), embeds them as documents and stores
 * them with their vectors, replacing any the file had. A file without text stores no chunks.
 */
export async function indexFile(deps: IndexFileDeps, file: FileToIndex): Promise<IndexedFile> {
  const started = performance.now();
  const chunks = chunkText(file.text ?? "", textKindOf(file.name));
  const embeddings: Uint8Array[] = [];
  let embeddingMs = 0;
  for (let i = 0; i < chunks.length; i += BATCH) {
    const batch = chunks.slice(i, i + BATCH);
    const before = performance.now();
    const vectors = await embedTexts(
      deps.embeddingModel,
      batch.map((chunk) => chunk.text),
      "document",
      deps.abortSignal,
    );
    embeddingMs += performance.now() - before;
    embeddings.push(...vectors.map(vectorToBytes));
    deps.onProgress?.(embeddings.length, chunks.length);
  }
  await deps.store.saveFileChunks(
    file.ownerId,
    file.id,
    chunks.map((chunk, i) => ({ ...chunk, embedding: embeddings[i] ?? new Uint8Array() })),
  );
  return { chunks: chunks.length, embeddingMs, totalMs: performance.now() - started };
}

const codeExtensions = new Set(
  "ts tsx js jsx mjs cjs py rb go rs java kt swift c h cc cpp hpp cs php sh bash zsh sql lua r scala dart vue svelte css scss yaml yml toml ini json".split(
    " ",
  ),
);

/** Source code breaks between functions (blank lines); anything else as prose. */
export function textKindOf(name: string): TextKind {
  const extension = name.toLowerCase().split(".").at(-1) ?? "";
  return name.includes(".") && codeExtensions.has(extension) ? "code" : "prose";
}
