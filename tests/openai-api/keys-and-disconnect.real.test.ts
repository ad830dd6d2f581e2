import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { testModelPath } from "../support/test-models";
import { FIXTURE_MODEL as MODEL } from "./fixtures";

/**
 * The built app with API keys, ONE sequence and room for one waiting request, on stories260K: a
 * generation that went on after its client left would hold the only sequence, and the next
 * request would wait behind it.
 */

const KEY = "test-key-1";
let app: RunningApp;
let client: OpenAI;

/** stories260K under the general chat format rambles on to max_tokens: several seconds here. */
const LONG = 2000;
/** A short request on a free sequence takes ~10-50 ms here. */
const PROMPT_MS = 1000;

beforeAll(async () => {
  app = await startApp({
    CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
    LLAMA_THREADS: "1",
    LLAMA_SEQUENCES: "1",
    LLAMA_MAX_QUEUE: "1",
    CHAT_API_KEYS: `other-key, ${KEY}`,
  });
  client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: KEY, maxRetries: 0 });
  await client.chat.completions.create({ model: MODEL, messages: story("Hi"), max_tokens: 1 });
});

afterAll(async () => {
  await app?.stop();
});

const story = (content: string) => [{ role: "user" as const, content }];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A generation long enough to hold the sequence until it is aborted; resolves to its error. */
const long = (signal: AbortSignal) =>
  client.chat.completions
    .create(
      { model: MODEL, messages: story("Lily had a hat"), max_tokens: LONG, temperature: 0 },
      { signal },
    )
    .catch((error: unknown) => error);

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

describe("API keys", () => {
  it("refuses a missing or wrong key with AuthenticationError", async () => {
    for (const apiKey of ["wrong", "test-key"]) {
      const stranger = new OpenAI({ baseURL: `${app.url}/v1`, apiKey, maxRetries: 0 });
      const error = await stranger.models.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: "invalid_api_key" });
    }
    const bare = await fetch(`${app.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(bare.status).toBe(401);
    expect((await bare.json()).error.code).toBe("invalid_api_key");
  });

  it("accepts every configured key", async () => {
    const other = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "other-key", maxRetries: 0 });
    expect((await other.models.retrieve(MODEL)).id).toBe(MODEL);
    expect((await client.models.retrieve(MODEL)).id).toBe(MODEL);
  });

  it("keeps /health public", async () => {
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });
});

describe("a client that disconnects", () => {
  it("mid-stream frees the model for the next request at once", async () => {
    // What the abandoned generation would have cost had it gone on, from a tenth of it.
    const tenth = await timed(() =>
      client.chat.completions.create({
        model: MODEL,
        messages: story("Lily had a dog"),
        max_tokens: LONG / 10,
        temperature: 0,
      }),
    );
    expect(tenth.value.usage?.completion_tokens).toBe(LONG / 10);
    const wholeMs = tenth.ms * 10;

    const controller = new AbortController();
    const response = await fetch(`${app.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: MODEL,
        messages: story("Tom saw a big tree"),
        max_tokens: LONG,
        temperature: 0,
        stream: true,
      }),
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    for (let read = 0; read < 5; read++) await reader?.read();
    controller.abort();

    const next = await timed(() =>
      client.chat.completions.create({ model: MODEL, messages: story("Hi"), max_tokens: 5 }),
    );
    expect(next.value.usage?.completion_tokens).toBe(5);
    expect(next.ms).toBeLessThan(PROMPT_MS);
    expect(next.ms).toBeLessThan(wholeMs / 4);
  });

  it("before its reply starts (non-streaming) stops its generation too", async () => {
    const controller = new AbortController();
    const abandoned = client.chat.completions
      .create(
        { model: MODEL, messages: story("Lily had a cat"), max_tokens: LONG, temperature: 0 },
        { signal: controller.signal },
      )
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 150));
    controller.abort();
    expect(await abandoned).toBeInstanceOf(OpenAI.APIUserAbortError);

    const next = await timed(() =>
      client.chat.completions.create({ model: MODEL, messages: story("Hi"), max_tokens: 5 }),
    );
    expect(next.ms).toBeLessThan(PROMPT_MS);
  });

  it("while waiting for the one sequence leaves the queue", async () => {
    const busy = new AbortController();
    const waiting = new AbortController();
    const first = long(busy.signal);
    await sleep(100);
    const second = long(waiting.signal);
    await sleep(100);
    waiting.abort();
    busy.abort();
    await Promise.all([first, second]);

    // Neither the generation nor the queued request is left running in front of this one.
    const next = await timed(() =>
      client.chat.completions.create({ model: MODEL, messages: story("Hi"), max_tokens: 5 }),
    );
    expect(next.ms).toBeLessThan(PROMPT_MS);
  });
});

describe("a full queue", () => {
  it("refuses at once with 429, Retry-After and RateLimitError", async () => {
    const busy = new AbortController();
    const waiting = new AbortController();
    const first = long(busy.signal);
    await sleep(100);
    const second = long(waiting.signal);
    await sleep(100);
    try {
      const refused = await timed(() =>
        fetch(`${app.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
          body: JSON.stringify({
            model: MODEL,
            messages: story("Hi"),
            max_tokens: 5,
            stream: true,
          }),
        }),
      );
      expect(refused.value.status).toBe(429);
      expect(refused.value.headers.get("retry-after")).toBe("1");
      expect((await refused.value.json()).error).toMatchObject({
        code: "rate_limit_exceeded",
        type: "rate_limit_error",
      });
      expect(refused.ms).toBeLessThan(PROMPT_MS);

      const error = await client.chat.completions
        .create({ model: MODEL, messages: story("Hi"), max_tokens: 5 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    } finally {
      waiting.abort();
      busy.abort();
      await Promise.all([first, second]);
    }
  });
});
