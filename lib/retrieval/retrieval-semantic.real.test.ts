/**
 * Retrieval by meaning (issue 24): a question asked in other words than the text's finds the
 * passage that answers it. Only a real embedding model can show this — the tiny test model's
 * vectors mean nothing but "identical text, identical vector" (retrieval.real.test.ts covers the
 * plumbing with it) — and none can be downloaded on the machines the suite runs on. So this test
 * runs where one is named: `TEST_EMBEDDING_MODEL`, in CHAT_EMBEDDING_MODEL's forms, e.g.
 *
 *   TEST_EMBEDDING_MODEL=local:hf:nomic-ai/nomic-embed-text-v1.5-GGUF/nomic-embed-text-v1.5.Q8_0.gguf \
 *     npx vitest run lib/retrieval/retrieval-semantic.real.test.ts
 *
 * (the default embedding model, downloaded into LLAMA_MODELS_DIR on first use), or
 * `openai:text-embedding-3-small` with OPENAI_API_KEY. Elsewhere it is reported as skipped, with
 * this reason in its name — never as passed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { env } from "@/lib/env";
import { createEmbeddingModel } from "@/lib/models/embedding-model";
import { EMBEDDING_MODEL_SETTING, parseModelSpec } from "@/lib/models/model-spec";
import { type ChatStore, openChatStore } from "@/lib/store";
import { queryWords } from "@/lib/store/stored-file-chunk";
import { savePdfText } from "@/tests/support/save-pdf-text";
import { FileIndexing } from "./file-indexing";
import { createRetrievalChooser } from "./retrieval-chooser";

const specText = process.env.TEST_EMBEDDING_MODEL?.trim();

/**
 * Twenty pages, each on its own subject. Two questions below ask for pages 7 and 15 in none of
 * their words: a model whose vectors carry no meaning finds both first about once in 400 runs.
 */
const pages = [
  "Tides in the bay rise twice a day; fishermen leave the harbour an hour before high water.",
  "The choir rehearses on Thursdays in the parish hall and sings at the spring festival.",
  "Winter wheat is sown in autumn, sleeps under the snow, and is harvested in early summer.",
  "The tram line to the university was extended last year with four new stops.",
  "Bees that find a field of clover dance to tell the hive its direction and distance.",
  "A violin's strings are tuned in fifths, and its bow is strung with horsehair.",
  "The brass key of the observatory hides beneath the third loose floorboard in the attic.",
  "Volcanic soil is rich in minerals, which is why vineyards climb the slopes of old craters.",
  "The museum's east wing holds armour, swords and the banners of three old regiments.",
  "Chess players in the park bet coffee on their games and argue about openings.",
  "The marathon route crosses both bridges and finishes in front of the town hall.",
  "Glaciers carve valleys shaped like a U; rivers carve them shaped like a V.",
  "Ferns reproduce by spores, which grow on the underside of their fronds.",
  "A lighthouse keeper once wound the lamp's clockwork every four hours through the night.",
  "The bakery on the corner sells rye bread and cinnamon rolls every morning before seven.",
  "Copper turns green in the rain because a patina of carbonates forms on its surface.",
  "The school's robotics team built a machine that sorts recycling by colour.",
  "Owls swallow mice whole and cough up pellets of fur and bone.",
  "The ferry to the island carries forty cars and runs hourly in summer.",
  "Saffron is the dried stigma of a crocus, picked by hand in the autumn.",
];
const text = pages.join("\f");

describe.skipIf(!specText)(
  `retrieval by meaning with a real embedding model (${specText ?? "skipped: set TEST_EMBEDDING_MODEL"})`,
  () => {
    let store: ChatStore;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "retrieval-semantic-"));
      store = await openChatStore(`file:${join(dir, "chat.db")}`);
    });
    afterAll(async () => {
      await store?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("a question in other words than the passage's is answered by that passage", {
      timeout: 600_000,
    }, async () => {
      const embeddingModel = createEmbeddingModel(
        parseModelSpec(specText ?? "", EMBEDDING_MODEL_SETTING),
        env(),
      );
      const ownerId = "semantic-owner";
      const { conversation, file } = await savePdfText(store, ownerId, "notes.pdf", pages);
      const indexing = new FileIndexing();
      await indexing.start({ store, embeddingModel }, file);

      const chooser = createRetrievalChooser(
        { store, embeddingModel, indexing },
        { ownerId, conversationId: conversation.id },
      );
      const fileWords = new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu));
      for (const { question, page } of [
        { question: "Where is the thing that unlocks the telescope building kept?", page: 7 },
        { question: "Which pastry shop opens early?", page: 15 },
      ]) {
        // None of the question's words is anywhere in the file: words alone cannot find it.
        expect(queryWords(question).filter((word) => fileWords.has(word))).toEqual([]);
        const choice = await chooser.choose({ file, question, budgetChars: 800 });
        expect(choice.passages[0]?.page, question).toBe(page);
      }
    });
  },
);
