import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { OpenAIEmbeddings } from "@langchain/openai";
import { embed, embedMany } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { testModelPath } from "../support/test-models";

/**
 * `POST /v1/embeddings` of the built app over a real socket, spoken to by the clients RAG tools
 * use: the official `openai` package, LangChain's OpenAIEmbeddings and the AI SDK's
 * openai-compatible provider. The embedding model is stories260K (no pooling declared: its last
 * token's vector), the chat model its ChatML twin, so both are listed; the app wants a key.
 */

const EMBEDDER = "stories260K.gguf";
const CHAT = "stories260K-chatml.gguf";
const KEY = "sk-embed-test";
const TEXTS = ["Lily and Tom went to the park.", "The dog was sad.", "Mom made soup."];
let app: RunningApp;
let client: OpenAI;

beforeAll(async () => {
  app = await startApp({
    CHAT_MODEL: `local:${await testModelPath("stories260K-chatml.gguf")}`,
    CHAT_EMBEDDING_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
    CHAT_API_KEYS: KEY,
    LLAMA_THREADS: "1",
    LLAMA_SEQUENCES: "1",
  });
  client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: KEY, maxRetries: 0 });
});

afterAll(async () => {
  await app?.stop();
});

const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe("with the official openai client", () => {
  it("lists the embedding model beside the chat model", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual([CHAT, EMBEDDER]);
  });

  it("embeddings.create: unit vectors in order, usage, the model's id (base64 on the wire, decoded by the client)", async () => {
    const response = await client.embeddings.create({ model: EMBEDDER, input: TEXTS });
    expect(response.object).toBe("list");
    expect(response.model).toBe(EMBEDDER);
    expect(response.data.map((item) => item.index)).toEqual([0, 1, 2]);
    for (const { embedding } of response.data) {
      expect(embedding).toHaveLength(64);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 5);
    }
    expect(response.usage.prompt_tokens).toBeGreaterThan(TEXTS.length);
    expect(response.usage.total_tokens).toBe(response.usage.prompt_tokens);
  });

  it("float and base64 give the same vector (float32), the same text the same, another text another", async () => {
    const float = await client.embeddings.create({
      model: EMBEDDER,
      input: TEXTS[0] as string,
      encoding_format: "float",
    });
    const decoded = await client.embeddings.create({ model: EMBEDDER, input: TEXTS[0] as string });
    const raw = await client.embeddings.create({
      model: EMBEDDER,
      input: TEXTS[0] as string,
      encoding_format: "base64",
    });
    const vector = float.data[0]?.embedding as number[];
    expect(decoded.data[0]?.embedding).toEqual(vector.map(Math.fround));
    const bytes = Buffer.from(raw.data[0]?.embedding as unknown as string, "base64");
    expect(vector.map((_, i) => bytes.readFloatLE(i * 4))).toEqual(vector.map(Math.fround));

    const again = await client.embeddings.create({
      model: EMBEDDER,
      input: TEXTS[0] as string,
      encoding_format: "float",
    });
    const other = await client.embeddings.create({
      model: EMBEDDER,
      input: TEXTS[1] as string,
      encoding_format: "float",
    });
    expect(again.data[0]?.embedding).toEqual(vector);
    expect(other.data[0]?.embedding).not.toEqual(vector);
    expect(dot(vector, other.data[0]?.embedding as number[])).toBeLessThan(0.9999);
  });

  it("a batch gives each text what it gets alone", async () => {
    const batch = await client.embeddings.create({
      model: EMBEDDER,
      input: TEXTS,
      encoding_format: "float",
    });
    for (const [index, input] of TEXTS.entries()) {
      const alone = await client.embeddings.create({
        model: EMBEDDER,
        input,
        encoding_format: "float",
      });
      expect(batch.data[index]?.embedding).toEqual(alone.data[0]?.embedding);
    }
  });

  it("token arrays are embedded as they are", async () => {
    const tokens = await client.embeddings.create({
      model: EMBEDDER,
      input: [
        [1, 2, 3],
        [4, 5, 6, 7],
      ],
      encoding_format: "float",
    });
    const single = await client.embeddings.create({
      model: EMBEDDER,
      input: [4, 5, 6, 7],
      encoding_format: "float",
    });
    expect(tokens.data).toHaveLength(2);
    expect(tokens.data[1]?.embedding).toEqual(single.data[0]?.embedding);
    expect(tokens.data[0]?.embedding).not.toEqual(single.data[0]?.embedding);
    // Each array and its start marker.
    expect(single.usage.prompt_tokens).toBe(5);
  });

  it("raises the API's refusals as APIErrors with status, code and param", async () => {
    const refusal = async (body: OpenAI.EmbeddingCreateParams) => {
      const error = await client.embeddings.create(body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      const { status, code, param } = error as InstanceType<typeof OpenAI.APIError>;
      return { status, code, param };
    };
    expect(await refusal({ model: EMBEDDER, input: "Hi", dimensions: 16 })).toEqual({
      status: 400,
      code: "unsupported_value",
      param: "dimensions",
    });
    expect(await refusal({ model: EMBEDDER, input: ["Hi", ""] })).toEqual({
      status: 400,
      code: "invalid_value",
      param: "input[1]",
    });
    expect(await refusal({ model: EMBEDDER, input: [[1], [600]] })).toEqual({
      status: 400,
      code: "invalid_value",
      param: "input[1]",
    });
    expect(await refusal({ model: "text-embedding-3-small", input: "Hi" })).toEqual({
      status: 404,
      code: "model_not_found",
      param: "model",
    });
    const anonymous = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "wrong", maxRetries: 0 });
    const unauthorized = await anonymous.embeddings
      .create({ model: EMBEDDER, input: "Hi" })
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe("with LangChain's OpenAIEmbeddings", () => {
  const embeddings = () =>
    new OpenAIEmbeddings({
      model: EMBEDDER,
      apiKey: KEY,
      configuration: { baseURL: `${app.url}/v1` },
      maxRetries: 0,
    });

  it("embedDocuments and embedQuery agree with each other and with the official client", async () => {
    const documents = await embeddings().embedDocuments(TEXTS);
    const query = await embeddings().embedQuery(TEXTS[1] as string);
    expect(documents).toHaveLength(3);
    expect(documents[1]).toEqual(query);
    expect(documents[0]).not.toEqual(documents[1]);
    const official = await client.embeddings.create({ model: EMBEDDER, input: TEXTS });
    expect(documents).toEqual(official.data.map((item) => item.embedding));
  });

  it("splits large jobs into batches and keeps their order", async () => {
    const texts = Array.from({ length: 7 }, (_, i) => `Story number ${i} about a cat.`);
    const batched = new OpenAIEmbeddings({
      model: EMBEDDER,
      apiKey: KEY,
      configuration: { baseURL: `${app.url}/v1` },
      batchSize: 3,
      maxRetries: 0,
    });
    const vectors = await batched.embedDocuments(texts);
    const whole = await embeddings().embedDocuments(texts);
    expect(vectors).toEqual(whole);
  });
});

describe("with the AI SDK's openai-compatible provider", () => {
  const model = () =>
    createOpenAICompatible({ name: "ours", baseURL: `${app.url}/v1`, apiKey: KEY }).embeddingModel(
      EMBEDDER,
    );

  it("embed and embedMany: the same vectors as the official client's floats, and usage", async () => {
    const many = await embedMany({ model: model(), values: TEXTS, maxRetries: 0 });
    const one = await embed({ model: model(), value: TEXTS[2] as string, maxRetries: 0 });
    const official = await client.embeddings.create({
      model: EMBEDDER,
      input: TEXTS,
      encoding_format: "float",
    });
    expect(many.embeddings).toEqual(official.data.map((item) => item.embedding));
    expect(one.embedding).toEqual(many.embeddings[2]);
    expect(many.usage.tokens).toBe(official.usage.prompt_tokens);
  });
});
