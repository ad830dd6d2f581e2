/**
 * A turn with retrieval through the page's API (`Request → Response`, no server): a real SQLite
 * store, the real reading worker, the real local embedding provider over stories260K, and a
 * scripted chat model that records what it was given.
 */
import type { EmbeddingModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, expect, test } from "vitest";
import { fullAccess } from "@/lib/accounts/access-policy";
import { type ReplyMetadata, toUIMessage } from "@/lib/chat/message";
import { createLlamaCpp, type LlamaCppProvider } from "@/lib/models/llama-cpp";
import { createPageApi } from "@/lib/page-api/create-page-api";
import { testTurnDeps } from "@/tests/support/chat-turn";
import { textReplyParts } from "@/tests/support/model-stream";
import { uiChunksOf } from "@/tests/support/reply-stream";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { testFileUploads } from "@/tests/support/test-file-uploads";
import { makePdf } from "@/tests/support/test-files";
import { testModelPath } from "@/tests/support/test-models";
import { FileIndexing } from "./file-indexing";
import type { IndexingState } from "./indexing-state";
import { createRetrievalChooser } from "./retrieval-chooser";
import { createUploadIndexing } from "./upload-indexing";

const store = tempChatStoreForFile();
let provider: LlamaCppProvider;
let modelPath: string;
beforeAll(async () => {
  modelPath = await testModelPath("stories260K.gguf");
  provider = createLlamaCpp({ threads: 1 });
});
afterAll(() => provider?.dispose());

const calls: LanguageModelV4CallOptions[] = [];
const model = new MockLanguageModelV4({
  doStream: async (options) => {
    calls.push(options);
    return {
      stream: simulateReadableStream({ chunks: textReplyParts(["Under the floorboard [1]."]) }),
    };
  },
});
const indexing = new FileIndexing();

function api(embeddingModel: () => EmbeddingModelV4 = () => provider.embeddingModel(modelPath)) {
  return createPageApi({
    viewerOf: async () => ({ ownerId: "owner-a", access: async () => fullAccess }),
    store: async () => store(),
    turn: {
      ...testTurnDeps(store(), {
        model: () => ({ name: "test-model", model, inputs: { images: false, pdfs: false } }),
        settings: { fileContextChars: 2_000 },
      }),
      fileChooser: (chatStore, scope) =>
        createRetrievalChooser(
          { store: chatStore, embeddingModel: embeddingModel(), indexing },
          scope,
        ),
    },
    fileIndexing: createUploadIndexing({ indexing, embeddingModel, minChars: 2_000 }),
    files: testFileUploads,
    maxBodyBytes: 64 * 1024,
    imports: { maxBytes: 1024, timeLimitMs: 60_000, memoryMb: 256, maxMessageChars: 2_000_000 },
    staleAfterMs: 60_000,
  });
}

const pages = Array.from({ length: 30 }, (_, i) =>
  i === 17
    ? "The brass key of the observatory hides beneath the third loose floorboard."
    : `On day ${i + 1} Tom and Lily walked to the park and saw a big dog. They played and went home.`,
);

test("a document too long for the context is answered from its best passages, given as numbered sources and stored with the reply", async () => {
  const conversationId = "retrieval-turn-conversation-1";
  const upload = await api()(
    new Request(`http://localhost/api/conversations/${conversationId}/files?name=stories.pdf`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.from(await makePdf(pages)),
    }),
  );
  expect(upload.status).toBe(201);
  const { file, indexing: uploaded } = (await upload.json()) as {
    file: { id: string };
    indexing: IndexingState;
  };
  // Too long to go whole: the upload says it is being indexed.
  expect(uploaded).toEqual({ state: "indexing", done: 0, total: 0 });

  const response = await api()(
    new Request("http://localhost/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        trigger: "send",
        id: conversationId,
        message: {
          id: "retrieval-turn-message-1",
          text: "Where is the brass key of the observatory?",
          files: [file.id],
        },
        parentId: null,
      }),
    }),
  );
  const chunks = await uiChunksOf(response);
  const prompt = JSON.stringify(calls.at(-1)?.prompt);
  expect(prompt).toContain("--- page 18 ---\\n[1] The brass key of the observatory");
  expect(prompt).toContain("cite it by its number in square brackets");
  // Not the whole document.
  expect(prompt.match(/Tom and Lily/g)?.length ?? 0).toBeLessThan(pages.length - 1);

  const start = chunks.find((chunk) => chunk.type === "start") as
    | { messageMetadata?: ReplyMetadata }
    | undefined;
  const [source] = start?.messageMetadata?.sources ?? [];
  expect(source).toMatchObject({ n: 1, fileId: file.id, fileName: "stories.pdf", page: 18 });
  expect(source?.text).toContain("brass key");

  const stored = await store().getConversation("owner-a", conversationId);
  const reply = stored?.messages.find((message) => message.role === "assistant");
  expect(reply?.parts[0]).toEqual({ type: "sources", sources: start?.messageMetadata?.sources });
  expect(reply?.content).toBe("Under the floorboard [1].");
  // A reload shows them as the reply's metadata.
  expect(reply && toUIMessage(reply).metadata?.sources?.[0]?.page).toBe(18);
});

/** Uploads `pages` as a PDF to a conversation of owner-a; the upload's answer. */
async function uploadPdf(
  handler: ReturnType<typeof api>,
  conversationId: string,
  name: string,
  pdfPages: string[],
) {
  const upload = await handler(
    new Request(`http://localhost/api/conversations/${conversationId}/files?name=${name}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.from(await makePdf(pdfPages)),
    }),
  );
  expect(upload.status).toBe(201);
  return (await upload.json()) as { file: { id: string }; indexing: IndexingState };
}

const indexingOf = async (handler: ReturnType<typeof api>, fileId: string) => {
  const response = await handler(new Request(`http://localhost/api/files/${fileId}/indexing`));
  return { status: response.status, body: (await response.json()) as { indexing: IndexingState } };
};

test("the page reads a long file's indexing state: indexing with its progress, then ready; a short file goes whole", async () => {
  const handler = api();
  const long = await uploadPdf(handler, "retrieval-turn-conversation-2", "long.pdf", pages);
  expect(long.indexing.state).toBe("indexing");
  const seen: IndexingState[] = [];
  await expect
    .poll(
      async () => {
        const { status, body } = await indexingOf(handler, long.file.id);
        expect(status).toBe(200);
        seen.push(body.indexing);
        return body.indexing.state;
      },
      { timeout: 60_000, interval: 20 },
    )
    .toBe("ready");
  const last = seen.at(-1);
  expect(last?.state === "ready" && last.chunks).toBeGreaterThan(1);
  // Every state seen while it ran is "indexing" with progress that never passes its total.
  for (const state of seen.slice(0, -1)) {
    expect(state.state).toBe("indexing");
    if (state.state === "indexing") expect(state.done).toBeLessThanOrEqual(state.total);
  }

  const short = await uploadPdf(handler, "retrieval-turn-conversation-2", "short.pdf", ["Short."]);
  expect(short.indexing).toEqual({ state: "whole" });
  expect((await indexingOf(handler, short.file.id)).body.indexing).toEqual({ state: "whole" });
  // A file the owner does not have is not found.
  expect((await indexingOf(handler, "no-such-file-0000000000")).status).toBe(404);
});

test("indexing that fails says why", async () => {
  // A real embedding model whose file does not exist: its first call fails as in production.
  const broken = () => provider.embeddingModel("/nonexistent/missing-embedding-model.gguf");
  const handler = api(broken);
  const { file } = await uploadPdf(handler, "retrieval-turn-conversation-3", "broken.pdf", pages);
  await expect
    .poll(async () => (await indexingOf(handler, file.id)).body.indexing.state, {
      timeout: 30_000,
    })
    .toBe("failed");
  const { body } = await indexingOf(handler, file.id);
  expect(body.indexing.state === "failed" && body.indexing.reason).toMatch(
    /^It could not be indexed for search \(.+\): the model gets its beginning only\.$/,
  );
});
