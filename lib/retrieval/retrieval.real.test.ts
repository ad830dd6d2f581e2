/**
 * Retrieval end to end on both databases: a file stored, chunked, embedded by the real local
 * provider (stories260K: its vectors mean little, but identical text gives the identical vector)
 * and searched by vector and words together.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLlamaCpp, type LlamaCppProvider } from "@/lib/models/llama-cpp";
import { type ChatStore, openChatStore } from "@/lib/store";
import { freshPostgresDatabase } from "@/tests/support/postgres-database";
import { savePdfText } from "@/tests/support/save-pdf-text";
import { testModelPath } from "@/tests/support/test-models";
import { ChunkVectorsCache } from "./chunk-vectors-cache";
import { embedQuestion } from "./embed-texts";
import { FileIndexing } from "./file-indexing";
import { createRetrievalChooser } from "./retrieval-chooser";
import { searchFileChunks } from "./search-file-chunks";

let provider: LlamaCppProvider;
let modelPath: string;
beforeAll(async () => {
  modelPath = await testModelPath("stories260K.gguf");
  provider = createLlamaCpp({ threads: 1 });
});
afterAll(() => provider?.dispose());

const topics = ["garden", "river", "kitchen", "forest", "market", "school", "castle", "harbour"];
/** Forty pages of story filler; page 27 alone says where the key is. */
const pages = Array.from({ length: 40 }, (_, i) => {
  const topic = topics[i % topics.length];
  const filler = `On day ${i + 1} Tom and Lily walked to the ${topic} and saw a big dog. They played and went home.`;
  return i === 26
    ? `${filler}\n\nThe brass key of the observatory hides beneath the third loose floorboard.`
    : `${filler}\n\n${filler}`;
});
const text = pages.join("\f");

const stores: {
  name: string;
  open: () => Promise<{ store: ChatStore; close: () => Promise<void> }>;
}[] = [
  {
    name: "SQLite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "retrieval-"));
      const store = await openChatStore(`file:${join(dir, "chat.db")}`);
      return {
        store,
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "PostgreSQL",
    async open() {
      const database = await freshPostgresDatabase();
      const store = await openChatStore(database.url);
      return {
        store,
        close: async () => {
          await store.close();
          await database.drop();
        },
      };
    },
  },
];

describe.each(stores)("retrieval on $name", ({ open }) => {
  let store: ChatStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await open());
  });
  afterAll(() => close?.());

  const upload = (ownerId: string) => savePdfText(store, ownerId, "stories.pdf", pages);

  test("a question whose words appear only in one passage is answered by that passage, numbered [1]", async () => {
    const ownerId = "retrieval-owner";
    const { conversation, file } = await upload(ownerId);
    const embeddingModel = provider.embeddingModel(modelPath);
    const indexing = new FileIndexing();
    const progress: number[] = [];
    const indexed = await indexing.start(
      { store, embeddingModel, onProgress: (done) => progress.push(done) },
      file,
    );
    expect(indexed.chunks).toBeGreaterThanOrEqual(pages.length);
    expect(progress.at(-1)).toBe(indexed.chunks);

    const chooser = createRetrievalChooser(
      { store, embeddingModel, indexing },
      { ownerId, conversationId: conversation.id },
    );
    const choice = await chooser.choose({
      file,
      question: "Where is the brass key of the observatory?",
      budgetChars: 1200,
    });
    expect(choice.passages[0]?.page).toBe(27);
    expect(choice.passages[0]?.text).toMatch(/^\[1\] .*brass key of the observatory/s);
    expect(choice.note).toContain("cite it by its number");
    const [source] = chooser.sources();
    expect(source).toMatchObject({ n: 1, fileId: file.id, fileName: "stories.pdf", page: 27 });
    expect(text.split("\f")[26]).toContain(source?.text);
    // A budget the whole file fits in gives it whole, and no sources.
    const whole = createRetrievalChooser(
      { store, embeddingModel, indexing },
      {
        ownerId,
        conversationId: conversation.id,
      },
    );
    const all = await whole.choose({
      file,
      question: "Where is the key?",
      budgetChars: text.length,
    });
    expect(all.passages).toHaveLength(pages.length);
    expect(whole.sources()).toEqual([]);
  });

  test("a passage's own text finds it by its vector; another owner finds nothing", async () => {
    const ownerId = "vector-owner";
    const { conversation, file } = await upload(ownerId);
    const embeddingModel = provider.embeddingModel(modelPath);
    await new FileIndexing().start({ store, embeddingModel }, file);
    const [chunk] = await store.getFileChunks(
      ownerId,
      (await store.fileChunkVectors(ownerId, conversation.id)).map((row) => row.id).slice(5, 6),
    );
    if (!chunk) throw new Error("no chunk");
    const cache = new ChunkVectorsCache();
    // The words shared with every page rank many chunks alike; the identical vector decides.
    const found = await searchFileChunks(
      store,
      { ownerId, conversationId: conversation.id },
      chunk.text,
      await embedQuestion(embeddingModel, chunk.text),
      { budgetTokens: 10_000, cache },
    );
    expect(found[0]?.id).toBe(chunk.id);
    const stranger = await searchFileChunks(
      store,
      { ownerId: "someone-else", conversationId: conversation.id },
      chunk.text,
      await embedQuestion(embeddingModel, chunk.text),
      { budgetTokens: 10_000, cache },
    );
    expect(stranger).toEqual([]);
  });
});
