import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSseData } from "./sse";

/**
 * Real request/response pairs of the API on stories260K, recorded by record-fixtures.ts into
 * fixtures/*.json. The tests check the recordings' shape and that the live server still answers
 * each request in that shape.
 */

export const FIXTURE_MODEL = "stories260K.gguf";

const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

export interface FixtureRequest {
  method: "GET" | "POST";
  path: string;
  /** JSON, or a string sent as is. */
  body?: unknown;
}

export interface Fixture {
  request: FixtureRequest;
  response: {
    status: number;
    contentType: string;
    /** A JSON answer. */
    body?: unknown;
    /** A streamed answer: the data of each event, JSON parsed except `[DONE]`. */
    events?: unknown[];
  };
}

const story = [
  { role: "system", content: "You are a storyteller." },
  { role: "user", content: "Tell me about a cat." },
];

export const fixtureRequests = {
  "chat-completion": {
    method: "POST",
    path: "/v1/chat/completions",
    body: { model: FIXTURE_MODEL, messages: story, max_tokens: 16, temperature: 0 },
  },
  "chat-completion-stream": {
    method: "POST",
    path: "/v1/chat/completions",
    body: {
      model: FIXTURE_MODEL,
      messages: story,
      max_tokens: 6,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    },
  },
  models: { method: "GET", path: "/v1/models" },
  model: { method: "GET", path: `/v1/models/${FIXTURE_MODEL}` },
  "error-context-length": {
    method: "POST",
    path: "/v1/chat/completions",
    body: { model: FIXTURE_MODEL, messages: story, max_tokens: 100_000, stream: true },
  },
  "error-model-not-found": {
    method: "POST",
    path: "/v1/chat/completions",
    body: { model: "gpt-4o", messages: story },
  },
  "error-n": {
    method: "POST",
    path: "/v1/chat/completions",
    body: { model: FIXTURE_MODEL, messages: story, n: 2 },
  },
  "error-invalid-json": { method: "POST", path: "/v1/chat/completions", body: '{"model": ' },
} satisfies Record<string, FixtureRequest>;

export type FixtureName = keyof typeof fixtureRequests;

/** Sends a fixture's request to a running server and records the answer. */
export async function exchange(baseUrl: string, request: FixtureRequest): Promise<Fixture> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.body === undefined ? {} : { "content-type": "application/json" },
    body:
      request.body === undefined
        ? undefined
        : typeof request.body === "string"
          ? request.body
          : JSON.stringify(request.body),
  });
  const contentType = response.headers.get("content-type") ?? "";
  const answer: Fixture["response"] = contentType.startsWith("text/event-stream")
    ? {
        status: response.status,
        contentType,
        events: (await readSseData(response)).map((d) => (d === "[DONE]" ? d : JSON.parse(d))),
      }
    : { status: response.status, contentType, body: await response.json() };
  return { request, response: answer };
}

export function readFixture(name: FixtureName): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), "utf8")) as Fixture;
}

export function writeFixture(name: FixtureName, fixture: Fixture): void {
  writeFileSync(join(FIXTURES_DIR, `${name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
}

/**
 * A value's shape: its keys and the types of its leaves, not the values (ids, times and text
 * differ between runs). Array elements of the same shape count once; constants that the
 * protocol fixes (`object`, `finish_reason`, error `code`, `[DONE]`) are kept.
 */
export function shapeOf(value: unknown, key = ""): unknown {
  if (KEPT.has(key) || value === "[DONE]") return value;
  if (Array.isArray(value)) {
    const shapes = value.map((item) => shapeOf(item));
    return shapes.filter(
      (shape, i) => i === 0 || JSON.stringify(shape) !== JSON.stringify(shapes[i - 1]),
    );
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf((value as Record<string, unknown>)[k], k)]),
    );
  }
  return value === null ? "null" : typeof value;
}

const KEPT = new Set(["object", "finish_reason", "code", "type", "param", "role", "owned_by"]);
