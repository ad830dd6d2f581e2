import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, streamText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LOCAL_EMBEDDING_MODEL } from "@/lib/models/model-spec";
import { type RunningApp, startApp } from "../support/app-server";
import { testModelPath } from "../support/test-models";
import {
  exchange,
  FIXTURE_MODEL,
  type FixtureName,
  fixtureRequests,
  readFixture,
  shapeOf,
} from "./fixtures";
import { readChunks } from "./sse";

/**
 * The built app over a real socket, on the real stories260K model, spoken to by the clients
 * people use: the official `openai` package, the AI SDK's openai-compatible provider, and plain
 * HTTP. stories260K writes little stories whatever it is asked; the tests check the protocol.
 */

const MODEL = FIXTURE_MODEL;
/** CHAT_EMBEDDING_MODEL is unset: the default's file name (not downloaded unless used). */
const DEFAULT_EMBEDDING_MODEL_ID = DEFAULT_LOCAL_EMBEDDING_MODEL.split("/").pop();
let app: RunningApp;
let client: OpenAI;

beforeAll(async () => {
  app = await startApp({
    CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
    LLAMA_THREADS: "1",
    LLAMA_SEQUENCES: "2",
  });
  client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed", maxRetries: 0 });
  // instrumentation.ts loads the model at start-up: /health turns 200 without any request.
  const deadline = Date.now() + 20_000;
  while ((await fetch(`${app.url}/health`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`/health never turned 200:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  await app?.stop();
});

const story = (content: string) => [{ role: "user" as const, content }];

describe("with the official openai client", () => {
  it("creates a chat completion", async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "developer", content: "Tell stories." }, ...story("A cat")],
      max_completion_tokens: 12,
      temperature: 0,
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe(MODEL);
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]?.message.role).toBe("assistant");
    expect(completion.choices[0]?.message.content).not.toBe("");
    expect(completion.choices[0]?.finish_reason).toBe("length");
    const usage = completion.usage;
    expect(usage?.completion_tokens).toBe(12);
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + 12);
  });

  it("streams the same reply it gives whole, with usage at the end", async () => {
    const request = {
      model: MODEL,
      messages: story("Once upon a time"),
      max_tokens: 15,
      temperature: 0,
    };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(new Set(chunks.map((c) => c.created)).size).toBe(1);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const finishes = chunks.flatMap((c) => c.choices.filter((choice) => choice.finish_reason));
    expect(finishes.map((c) => c.finish_reason)).toEqual(["length"]);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe(whole.choices[0]?.message.content);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(15);
    expect(last?.usage?.prompt_tokens).toBe(whole.usage?.prompt_tokens);
  });

  it("reports the prompt tokens a continued conversation reuses", async () => {
    // Run alone, both turns get the same sequence (the pool hands back the last one freed).
    const first = story("Tom had a red ball");
    const reply = await client.chat.completions.create({
      model: MODEL,
      messages: first,
      max_tokens: 8,
      temperature: 0,
    });
    const again = await client.chat.completions.create({
      model: MODEL,
      messages: [
        ...first,
        { role: "assistant", content: reply.choices[0]?.message.content ?? "" },
        { role: "user", content: "And then?" },
      ],
      max_tokens: 4,
      temperature: 0,
    });
    expect(again.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
  });

  it("answers a request without max_tokens although the cap (8192) is past the model's context", async () => {
    // The cap stands in for the missing limit; the local model may shorten it to fit (2048 here).
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: story("Once upon a time"),
      temperature: 0,
      stop: ["."],
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.choices[0]?.message.content).not.toBe("");
  });

  it("lists and retrieves the model (the default embedding model is listed after it)", async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((m) => m.id)).toEqual([MODEL, DEFAULT_EMBEDDING_MODEL_ID]);
    expect((await client.models.retrieve(MODEL)).id).toBe(MODEL);
    await expect(client.models.retrieve("gpt-4o")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("gets BadRequestError for invalid fields, n > 1 and a too long request", async () => {
    const bad = async (extra: Record<string, unknown>) => {
      try {
        await client.chat.completions.create({ model: MODEL, messages: story("Hi"), ...extra });
      } catch (error) {
        return error;
      }
      throw new Error("accepted");
    };
    const n = await bad({ n: 2 });
    expect(n).toBeInstanceOf(OpenAI.BadRequestError);
    expect(n).toMatchObject({ status: 400, param: "n", code: "unsupported_value" });

    const temperature = await bad({ temperature: 5 });
    expect(temperature).toMatchObject({ status: 400, param: "temperature" });

    const toolChoice = await bad({
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
      tool_choice: { type: "function", function: { name: "g" } },
    });
    expect(toolChoice).toMatchObject({ status: 400, param: "tool_choice", code: "invalid_value" });

    // A schema the model cannot turn into a grammar for the call's arguments names its tool.
    const schema = await bad({
      tools: [
        {
          type: "function",
          function: { name: "f", parameters: { type: "object", properties: { a: { oneOf: 5 } } } },
        },
      ],
    });
    expect(schema).toMatchObject({ status: 400, param: "tools", code: "invalid_value" });
    expect((schema as Error).message).toContain("tool 'f'");

    const jsonWithTools = await bad({
      tools: [{ type: "function", function: { name: "f" } }],
      response_format: { type: "json_object" },
    });
    expect(jsonWithTools).toMatchObject({ status: 400, code: "unsupported_value" });

    const tooLong = await bad({ max_tokens: 100_000, stream: true });
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tooLong).toMatchObject({
      code: "context_length_exceeded",
      type: "invalid_request_error",
    });
  });

  it("gets NotFoundError for another model", async () => {
    const error = await client.chat.completions
      .create({ model: "gpt-4o", messages: story("Hi") })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: "model_not_found", param: "model" });
  });

  it("stops a stream the caller aborts", async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: story("Lily had a dog"),
      max_tokens: 1500,
      temperature: 0,
      stream: true,
    });
    let chunks = 0;
    for await (const _chunk of stream) {
      if (++chunks === 5) stream.controller.abort();
    }
    // The client may still hand out a chunk or two it had already read; never the rest.
    expect(chunks).toBeGreaterThanOrEqual(5);
    expect(chunks).toBeLessThan(50);
    // And the server goes on answering.
    const next = await client.chat.completions.create({
      model: MODEL,
      messages: story("Hi"),
      max_tokens: 3,
    });
    expect(next.usage?.completion_tokens).toBe(3);
  });
});

describe("with the AI SDK's openai-compatible provider", () => {
  const provider = () =>
    createOpenAICompatible({ name: "ours", baseURL: `${app.url}/v1`, includeUsage: true });

  it("generateText gets text, finish reason and usage", async () => {
    const result = await generateText({
      model: provider().chatModel(MODEL),
      prompt: "Once upon a time",
      maxOutputTokens: 10,
      temperature: 0,
    });
    expect(result.text).not.toBe("");
    expect(result.finishReason).toBe("length");
    expect(result.usage.outputTokens).toBe(10);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it("streamText streams the same text, with usage", async () => {
    const model = provider().chatModel(MODEL);
    const settings = { prompt: "Once upon a time", maxOutputTokens: 10, temperature: 0 };
    const whole = await generateText({ model, ...settings });
    const result = streamText({ model, ...settings });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(whole.text);
    expect((await result.usage).outputTokens).toBe(10);
    expect(await result.finishReason).toBe("length");
  });

  it("surfaces a refusal as an APICallError with our message", async () => {
    const error = await generateText({
      model: provider().chatModel("no-such-model"),
      prompt: "Hi",
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      statusCode: 404,
      message: expect.stringContaining("no-such-model"),
    });
  });
});

describe("over plain HTTP", () => {
  const postRaw = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });

  it.each([
    ["{", "invalid_json"],
    ["", "invalid_json"],
    ["null", "invalid_json"],
    ['{"model": "x", "messages": [}', "invalid_json"],
    [`{"model": "${MODEL}"}`, "missing_required_parameter"],
  ])("answers the body %j with 400 %s in the envelope", async (body, code) => {
    const response = await postRaw(body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const { error } = await response.json();
    expect(error).toMatchObject({ type: "invalid_request_error", code });
    expect(Object.keys(error).sort()).toEqual(["code", "message", "param", "type"]);
  });

  it("frames the stream as data: events ending in [DONE]", async () => {
    const response = await postRaw(
      JSON.stringify({ model: MODEL, messages: story("Hi"), max_tokens: 4, stream: true }),
    );
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const raw = await response.text();
    expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
    const events = raw.split("\n\n").filter(Boolean);
    expect(events.every((event) => event.startsWith("data: "))).toBe(true);
  });

  it("GET /health says the model is ready and what it runs on (the CPU here)", async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ready",
      device: { backend: "cpu", names: [], gpuLayers: 0 },
    });
  });

  it("answers unknown /v1 URLs with 404 in the envelope", async () => {
    const response = await fetch(`${app.url}/v1/audio/speech`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("unknown_url");
  });

  it("keeps the API open without CHAT_API_KEYS", async () => {
    const response = await fetch(`${app.url}/v1/models`);
    expect(response.status).toBe(200);
  });
});

describe("length is decided in tokens, by the model", () => {
  // About 7,000 of stories260K's tokens: more than its 2,048-token context.
  const long = "Once upon a time, there was a little girl named Lily who loved the sun. "
    .repeat(300)
    .slice(0, 20_000);

  it.each([false, true])(
    "a 20,000-character message too long for the context gets 400 context_length_exceeded (stream: %s)",
    async (stream) => {
      const error = await client.chat.completions
        .create({ model: MODEL, messages: story(long), max_tokens: 20, stream })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({
        status: 400,
        code: "context_length_exceeded",
        type: "invalid_request_error",
        param: "messages",
      });
    },
  );

  it("a body over CHAT_MAX_BODY_BYTES (8 MB by default) gets 413 in the envelope", async () => {
    const response = await fetch(`${app.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, messages: story("x".repeat(9 * 1024 * 1024)) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: {
        message: "The request body is larger than this server accepts (8 MB).",
        type: "invalid_request_error",
        param: null,
        code: "request_too_large",
      },
    });
  });
});

describe("wrong methods", () => {
  it.each([
    ["GET", "/v1/chat/completions", "POST"],
    ["DELETE", "/v1/chat/completions", "POST"],
    ["POST", "/v1/models", "GET, HEAD"],
    ["PUT", "/health", "GET, HEAD"],
  ])("%s %s gets 405 in the envelope with Allow: %s", async (method, path, allow) => {
    // Declared JSON: a write that is not is refused first, with 415 (lib/http/request-guard.ts).
    const headers = method === "GET" ? undefined : { "content-type": "application/json" };
    const response = await fetch(`${app.url}${path}`, { method, headers });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await response.json()).error).toMatchObject({
      code: "method_not_allowed",
      type: "invalid_request_error",
    });
  });

  it("the openai client's GET on chat/completions is a 405 APIError, not an empty body", async () => {
    const error = await client.get("/chat/completions").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 405, code: "method_not_allowed" });
  });
});

describe("concurrent requests", () => {
  it("each get the answer they get alone", async () => {
    const ask = (content: string) =>
      client.chat.completions
        .create({ model: MODEL, messages: story(content), max_tokens: 24, temperature: 0 })
        .then((c) => c.choices[0]?.message.content);
    const prompts = ["Lily went to the park", "Tom had a big red boat"];
    const alone = [];
    for (const prompt of prompts) alone.push(await ask(prompt));
    expect(alone[0]).not.toBe(alone[1]);
    const together = await Promise.all(prompts.map(ask));
    expect(together).toEqual(alone);
  });

  it("stream side by side", async () => {
    const run = async (content: string) => {
      const response = await fetch(`${app.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: MODEL,
          messages: story(content),
          max_tokens: 40,
          temperature: 0,
          stream: true,
        }),
      });
      const { chunks, done } = await readChunks(response);
      return { chunks: chunks.length, done };
    };
    const results = await Promise.all([run("Lily went to the park"), run("Tom had a boat")]);
    expect(results.every((r) => r.done && r.chunks > 3)).toBe(true);
  });
});

describe("recorded fixtures", () => {
  const names = Object.keys(fixtureRequests) as FixtureName[];

  it.each(names)("%s: the recording has the protocol's shape", (name) => {
    const { response } = readFixture(name);
    if (response.status >= 400) {
      expect(response.contentType).toMatch(/^application\/json/);
      expect(shapeOf(response.body)).toMatchObject({
        error: { message: "string", type: "invalid_request_error" },
      });
      return;
    }
    if (response.events) {
      const [first, ...rest] = response.events as Array<Record<string, unknown>>;
      expect(first).toMatchObject({ choices: [{ delta: { role: "assistant" } }] });
      expect(rest.at(-1)).toBe("[DONE]");
      return;
    }
    expect(response.contentType).toMatch(/^application\/json/);
  });

  it.each(names)("%s: the live server answers in the recorded shape", async (name) => {
    const recorded = readFixture(name);
    const live = await exchange(app.url, recorded.request);
    expect(live.response.status).toBe(recorded.response.status);
    expect(live.response.contentType).toBe(recorded.response.contentType);
    expect(shapeOf(live.response)).toEqual(shapeOf(recorded.response));
  });
});
