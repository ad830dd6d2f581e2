/**
 * `POST /v1/embeddings` through the handler, called with `new Request(...)` (no server), on the
 * real stories260K model embedded in this process; remote models are AI SDK mock embedding models.
 */
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import { MockEmbeddingModelV4, MockLanguageModelV4 } from "ai/test";
import { getLlama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddingModelEntry } from "@/lib/models/embedding-model";
import { createLlamaCpp, type LlamaCppProvider } from "@/lib/models/llama-cpp";
import { ModelConfigError } from "@/lib/models/model-config-error";
import { testModelPath } from "@/tests/support/test-models";
import { createOpenAIApi, type OpenAIApiOptions } from "./create-openai-api";
import type { EmbeddingList } from "./openai-types";
import { MODEL_UNAVAILABLE } from "./to-openai-api-error";

const EMBEDDER = "stories260K.gguf";
const CHAT = "tiny-chat.gguf";
let provider: LlamaCppProvider;
/** Inputs of at most 31 tokens. */
let small: LlamaCppProvider;
let modelPath: string;

beforeAll(async () => {
  modelPath = await testModelPath("stories260K.gguf");
  provider = createLlamaCpp({ threads: 1 });
  small = createLlamaCpp({ threads: 1, embeddingContextSize: 32 });
});

afterAll(async () => {
  await provider?.dispose();
  await small?.dispose();
});

const local = (from = provider): EmbeddingModelEntry => ({
  spec: { provider: "local", model: modelPath },
  name: EMBEDDER,
  model: from.embeddingModel(modelPath),
});

function api(embedding?: () => EmbeddingModelEntry, options: Partial<OpenAIApiOptions> = {}) {
  return createOpenAIApi({
    getModel: () => ({
      spec: { provider: "local", model: `/models/${CHAT}` },
      name: CHAT,
      model: new MockLanguageModelV4(),
    }),
    getEmbeddingModel: embedding ?? (() => local()),
    modelStatus: () => ({ state: "ready" }),
    limits: { maxMessages: 10 },
    maxBodyBytes: 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
    now: () => new Date("2026-01-02T03:04:05Z"),
    ...options,
  });
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request("http://localhost/v1/embeddings", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function embeddings(body: unknown, handler = api()): Promise<EmbeddingList> {
  const response = await handler(post({ model: EMBEDDER, ...(body as object) }));
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

async function refused(body: unknown, handler = api()) {
  const response = await handler(post(body));
  return { status: response.status, error: (await response.json()).error };
}

const vectors = (list: EmbeddingList) => list.data.map((item) => item.embedding as number[]);

describe("POST /v1/embeddings on the local model", () => {
  it("answers OpenAI's list of embeddings, with the model's id and usage", async () => {
    const list = await embeddings({ input: ["Tom had a ball.", "Sue saw a bird."] });
    expect(list.object).toBe("list");
    expect(list.model).toBe(EMBEDDER);
    expect(list.data.map(({ object, index }) => ({ object, index }))).toEqual([
      { object: "embedding", index: 0 },
      { object: "embedding", index: 1 },
    ]);
    for (const vector of vectors(list)) {
      expect(vector).toHaveLength(64);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    }
    expect(list.usage.prompt_tokens).toBeGreaterThan(2);
    expect(list.usage.total_tokens).toBe(list.usage.prompt_tokens);
  });

  it("the same text gives the same vector, other texts others, a batch what each gets alone", async () => {
    const texts = ["Tom had a ball.", "Sue saw a bird.", "Tom had a ball."];
    const batch = vectors(await embeddings({ input: texts }));
    const alone = await Promise.all(
      texts.map(async (input) => vectors(await embeddings({ input }))[0]),
    );
    expect(batch).toEqual(alone);
    expect(batch[2]).toEqual(batch[0]);
    expect(batch[1]).not.toEqual(batch[0]);
  });

  it("base64 is the float vector as little-endian float32", async () => {
    const float = vectors(await embeddings({ input: "A red ball." }))[0] as number[];
    const list = await embeddings({ input: "A red ball.", encoding_format: "base64" });
    const encoded = list.data[0]?.embedding;
    expect(typeof encoded).toBe("string");
    const bytes = Buffer.from(encoded as string, "base64");
    expect(bytes.length).toBe(64 * 4);
    const decoded = float.map((_, i) => bytes.readFloatLE(i * 4));
    expect(decoded).toEqual(float.map(Math.fround));
  });

  it("token ids are embedded as they are: a text's tokens give the text's vector", async () => {
    const text = "A red ball.";
    const tokens = await tokenize(text);
    const fromText = await embeddings({ input: text });
    const one = await embeddings({ input: tokens });
    const arrays = await embeddings({ input: [tokens, tokens] });
    expect(vectors(one)).toEqual(vectors(fromText));
    expect(vectors(arrays)).toEqual([vectors(fromText)[0], vectors(fromText)[0]]);
    expect(one.usage).toEqual(fromText.usage);
  });

  it("refuses a token id the model does not know, naming the input", async () => {
    expect(
      await refused({
        model: EMBEDDER,
        input: [
          [1, 2],
          [3, 9999],
        ],
      }),
    ).toEqual({
      status: 400,
      error: {
        message: expect.stringContaining("input[1] holds the token id 9999"),
        type: "invalid_request_error",
        param: "input[1]",
        code: "invalid_value",
      },
    });
  });

  it("refuses an input longer than the model reads, naming it", async () => {
    const handler = api(() => local(small));
    const long = "Tom had a red ball and a blue kite. ".repeat(4);
    const { status, error } = await refused({ model: EMBEDDER, input: ["Hi", long] }, handler);
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "context_length_exceeded", param: "input[1]" });
    expect(error.message).toMatch(
      /^input\[1\] is \d+ tokens; the embedding model reads at most 31 per input\.$/,
    );
  });

  it("refuses dimensions the model was not trained for", async () => {
    expect(await refused({ model: EMBEDDER, input: "Hi", dimensions: 32 })).toMatchObject({
      status: 400,
      error: { code: "unsupported_value", param: "dimensions" },
    });
    // Its own width is fine.
    const list = await embeddings({ input: "Hi", dimensions: 64 });
    expect(vectors(list)[0]).toHaveLength(64);
  });

  it("answers 404 for another model's id, naming the one it serves", async () => {
    const { status, error } = await refused({ model: CHAT, input: "Hi" });
    expect(status).toBe(404);
    expect(error).toMatchObject({ code: "model_not_found", param: "model" });
    expect(error.message).toContain(`'${EMBEDDER}'`);
  });

  it("has /v1's rules: POST only, the body limit, the keys", async () => {
    const get = await api()(new Request("http://localhost/v1/embeddings"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const tooBig = await refused({ model: EMBEDDER, input: "x".repeat(2 * 1024 * 1024) });
    expect(tooBig).toMatchObject({ status: 413, error: { code: "request_too_large" } });
    const keyed = api(undefined, { apiKeys: ["sk-1"] });
    expect((await keyed(post({ model: EMBEDDER, input: "Hi" }))).status).toBe(401);
    const allowed = await keyed(
      post({ model: EMBEDDER, input: "Hi" }, { authorization: "Bearer sk-1" }),
    );
    expect(allowed.status).toBe(200);
  });
});

describe("GET /v1/models with an embedding model", () => {
  const created = Math.floor(new Date("2026-01-02T03:04:05Z").getTime() / 1000);

  it("lists the chat model and the embedding model, and retrieves each", async () => {
    const response = await api()(new Request("http://localhost/v1/models"));
    expect(await response.json()).toEqual({
      object: "list",
      data: [
        { id: CHAT, object: "model", created, owned_by: "local" },
        { id: EMBEDDER, object: "model", created, owned_by: "local" },
      ],
    });
    const found = await api()(new Request(`http://localhost/v1/models/${EMBEDDER}`));
    expect(await found.json()).toMatchObject({ id: EMBEDDER });
    const missing = await api()(new Request("http://localhost/v1/models/other"));
    expect((await missing.json()).error.message).toContain(`'${CHAT}' and '${EMBEDDER}'`);
  });

  it("lists one model once when both settings name the same", async () => {
    const same = api(() => ({ ...local(), name: CHAT }));
    const { data } = await (await same(new Request("http://localhost/v1/models"))).json();
    expect(data.map((model: { id: string }) => model.id)).toEqual([CHAT]);
  });

  it("a wrong CHAT_EMBEDDING_MODEL: /v1/models lists the chat model, /v1/embeddings a 503 (the log says why)", async () => {
    const wrong = api(() => {
      throw new ModelConfigError("CHAT_EMBEDDING_MODEL uses OpenAI but OPENAI_API_KEY is not set.");
    });
    const { data } = await (await wrong(new Request("http://localhost/v1/models"))).json();
    expect(data.map((model: { id: string }) => model.id)).toEqual([CHAT]);
    expect(await refused({ model: EMBEDDER, input: "Hi" }, wrong)).toEqual({
      status: 503,
      error: {
        // The setting's problem is the operator's to read, in the log (docs/security.md).
        message: MODEL_UNAVAILABLE,
        type: "server_error",
        param: null,
        code: "model_unavailable",
      },
    });
  });

  it("without an embedding model, /v1/embeddings is an unknown URL", async () => {
    const handler = createOpenAIApi({
      getModel: () => ({
        spec: { provider: "local", model: CHAT },
        name: CHAT,
        model: new MockLanguageModelV4(),
      }),
      modelStatus: () => ({ state: "ready" }),
      limits: { maxMessages: 10 },
      maxBodyBytes: 1024,
      replyLimits: { idleMs: 1000, totalMs: 1000 },
    });
    expect(await refused({ model: EMBEDDER, input: "Hi" }, handler)).toMatchObject({
      status: 404,
      error: { code: "unknown_url" },
    });
  });
});

describe("POST /v1/embeddings on a remote model", () => {
  const remote =
    (model: EmbeddingModelV4): (() => EmbeddingModelEntry) =>
    () => ({
      spec: { provider: "openai-compatible", baseURL: "http://upstream/v1", model: "embed-remote" },
      name: "embed-remote",
      model,
    });

  it("passes texts and dimensions to the model and its vectors back, with its usage", async () => {
    const model = new MockEmbeddingModelV4({
      maxEmbeddingsPerCall: 2048,
      doEmbed: {
        embeddings: [
          [0.6, 0.8],
          [1, 0],
        ],
        usage: { tokens: 7 },
        warnings: [],
      },
    });
    const list = await embeddings(
      { model: "embed-remote", input: ["a", "b"], dimensions: 2 },
      api(remote(model)),
    );
    expect(model.doEmbedCalls.map(({ values, dimensions }) => ({ values, dimensions }))).toEqual([
      { values: ["a", "b"], dimensions: 2 },
    ]);
    expect(vectors(list)).toEqual([
      [0.6, 0.8],
      [1, 0],
    ]);
    expect(list.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
  });

  it("keeps the remote model's limit of inputs per call, answering them in order", async () => {
    const model = new MockEmbeddingModelV4({
      maxEmbeddingsPerCall: 2,
      doEmbed: async ({ values }) => ({
        embeddings: values.map((value) => [value.length, 0]),
        usage: { tokens: values.length },
        warnings: [],
      }),
    });
    const list = await embeddings(
      { model: "embed-remote", input: ["a", "bb", "ccc", "dddd", "eeeee"] },
      api(remote(model)),
    );
    expect(model.doEmbedCalls.map(({ values }) => values)).toEqual([
      ["a", "bb"],
      ["ccc", "dddd"],
      ["eeeee"],
    ]);
    expect(vectors(list).map((vector) => vector[0])).toEqual([1, 2, 3, 4, 5]);
    expect(list.data.map((item) => item.index)).toEqual([0, 1, 2, 3, 4]);
    expect(list.usage.prompt_tokens).toBe(5);
  });

  it("reports 0 tokens when the server reports no usage", async () => {
    const model = new MockEmbeddingModelV4({ doEmbed: { embeddings: [[1]], warnings: [] } });
    const list = await embeddings({ model: "embed-remote", input: "a" }, api(remote(model)));
    expect(list.usage).toEqual({ prompt_tokens: 0, total_tokens: 0 });
  });

  it("refuses token ids: only the local model reads them", async () => {
    const model = new MockEmbeddingModelV4();
    expect(
      await refused({ model: "embed-remote", input: [1, 2] }, api(remote(model))),
    ).toMatchObject({
      status: 400,
      error: { code: "unsupported_value", param: "input" },
    });
    expect(model.doEmbedCalls).toEqual([]);
  });
});

/** The model's token ids for a text (without the start marker), from its own tokenizer. */
async function tokenize(text: string): Promise<number[]> {
  const llama = await getLlama({ gpu: false, build: "never" });
  const vocab = await llama.loadModel({ modelPath, vocabOnly: true });
  try {
    return vocab.tokenize(text);
  } finally {
    await vocab.dispose();
  }
}
