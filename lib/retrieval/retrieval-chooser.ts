import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import type { ReplySource } from "@/lib/chat/message";
import {
  type FileTextChoice,
  type FileTextRequest,
  firstPartThatFits,
} from "@/lib/chat/turn/file-context";
import type { ChatStore } from "@/lib/store";
import { embedQuestion } from "./embed-texts";
import { type FileIndexing, sharedFileIndexing } from "./file-indexing";
import { type RetrievalStore, searchFileChunks } from "./search-file-chunks";

export interface RetrievalChooserDeps {
  store: RetrievalStore & Pick<ChatStore, "saveFileChunks" | "countFileChunks">;
  embeddingModel: EmbeddingModelV4;
  indexing?: FileIndexing;
  /**
   * When retrieval fails (the embedding model cannot load, say): told, and the file's beginning
   * that fits goes in instead, with a note that the rest was cut — the reply still comes.
   */
  onError?: (error: unknown) => void;
}

/** About 4 characters a token (chunk-text.ts counts the same way). */
const CHARS_PER_TOKEN = 4;

/**
 * "What of this file goes in", with retrieval: a file that fits goes whole; of one that does not,
 * the chunks that best answer the question (search-file-chunks.ts) within its room, numbered
 * across the turn's files as `[n]`, with an instruction to cite them so. `sources()` is what the
 * reply was given, for its `sources` part.
 */
export function createRetrievalChooser(
  deps: RetrievalChooserDeps,
  scope: { ownerId: string; conversationId: string },
) {
  const sources: ReplySource[] = [];
  const indexing = deps.indexing ?? sharedFileIndexing();
  let questionVector: Promise<Float32Array> | undefined;

  async function choose(request: FileTextRequest): Promise<FileTextChoice> {
    try {
      return await retrieve(request);
    } catch (error) {
      if (!deps.onError) throw error;
      deps.onError(error);
      return firstPartThatFits(request);
    }
  }

  async function retrieve({
    file,
    question,
    budgetChars,
  }: FileTextRequest): Promise<FileTextChoice> {
    const pages = file.text.split("\f");
    const paged = file.pages !== null;
    if (file.text.length <= budgetChars) {
      return {
        passages: pages.map((text, i) => ({ text, ...(paged ? { page: i + 1 } : {}) })),
      };
    }
    await indexing.ready(deps, { ...file, ownerId: scope.ownerId });
    questionVector ??= embedQuestion(deps.embeddingModel, question);
    const chunks = await searchFileChunks(
      deps.store,
      { ...scope, fileIds: [file.id] },
      question,
      await questionVector,
      // Room for each passage's number and the note.
      { budgetTokens: Math.floor((budgetChars * 0.95 - 300) / CHARS_PER_TOKEN) },
    );
    if (chunks.length === 0) {
      return {
        passages: [],
        note: `[${file.name} is too long to give whole, and none of its passages matched the question.]`,
      };
    }
    const first = sources.length + 1;
    const passages = chunks.map((chunk) => {
      const n = sources.length + 1;
      sources.push({
        n,
        fileId: chunk.fileId,
        fileName: chunk.fileName,
        page: chunk.page,
        text: chunk.text,
      });
      return { text: `[${n}] ${chunk.text}`, ...(chunk.page !== null ? { page: chunk.page } : {}) };
    });
    const range = first === sources.length ? `[${first}]` : `[${first}]–[${sources.length}]`;
    return {
      passages,
      note: `[${file.name} is too long to give whole: these are its passages that best match the question, numbered ${range}. When you use one, cite it by its number in square brackets, like [${first}].]`,
    };
  }

  return { choose, sources: (): ReplySource[] => [...sources] };
}
