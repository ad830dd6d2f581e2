import {
  APICallError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4StreamPart,
  type LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/env";
import { LlamaCppError } from "@/lib/models/llama-cpp";
import { createOpenAIApi, operatorOwnerId, requestLimitsFrom } from "@/lib/openai-api";
import { errorCodes } from "@/lib/openai-api/error-codes";
import type { AnthropicStreamEvent } from "./anthropic-types";
import {
  type AnthropicApiOptions,
  createAnthropicApi,
  MESSAGES_PATH,
} from "./create-anthropic-api";
import { thinkingSignature } from "./thinking-signature";

/** The handler called with `new Request(...)`, no server, over AI SDK mock models. */

const MODEL_ID = "tiny.gguf";

function usage(input: number, output: number, cached?: number): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: input,
      noCache: input - (cached ?? 0),
      cacheRead: cached,
      cacheWrite: undefined,
    },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

const STOP = { unified: "stop", raw: "eog" } as const;

function generating(text: string, cached?: number) {
  return new MockLanguageModelV4({
    doGenerate: {
      content: [{ type: "text", text }],
      finishReason: STOP,
      usage: usage(12, 3, cached),
      warnings: [],
    },
  });
}

function streaming(parts: LanguageModelV4StreamPart[], chunkDelayInMs: number | null = null) {
  return new MockLanguageModelV4({
    doStream: async () => ({ stream: simulateReadableStream({ chunks: parts, chunkDelayInMs }) }),
  });
}

const textParts = (...deltas: string[]): LanguageModelV4StreamPart[] => [
  { type: "stream-start", warnings: [] },
  { type: "response-metadata", id: "x", modelId: "m", timestamp: new Date(0) },
  { type: "text-start", id: "t" },
  ...deltas.map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
  { type: "text-end", id: "t" },
  { type: "finish", finishReason: STOP, usage: usage(7, deltas.length, 5) },
];

function api(model: LanguageModelV4, options: Partial<AnthropicApiOptions> = {}) {
  return createAnthropicApi({
    getModel: () => ({
      spec: { provider: "local", model: `/models/${MODEL_ID}` },
      name: MODEL_ID,
      model,
    }),
    limits: { maxMessages: 10 },
    maxBodyBytes: 8 * 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
    requestLimits: { ...requestLimitsFrom(parseEnv({})), maxOutputTokens: 1000 },
    generateId: () => "msg_test",
    ...options,
  });
}

const hello = {
  model: "claude-sonnet-4-5-20250929",
  max_tokens: 50,
  messages: [{ role: "user", content: "Hello" }],
};

function post(body: unknown, headers: Record<string, string> = {}, path = MESSAGES_PATH) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Every event of a response: its SSE name and its data, read to the end. */
async function readEvents(response: Response) {
  if (!response.body) throw new Error("no body");
  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  const events: AnthropicStreamEvent[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    const data = JSON.parse(value.data);
    // Each event is named for its type, as Anthropic's clients dispatch on it.
    expect(value.event).toBe(data.type);
    events.push(data);
  }
}

describe("POST /v1/messages, not streaming", () => {
  it("answers with a message: the asked model name, the text, end_turn and Anthropic's usage", async () => {
    const response = await api(generating("Hi there.", 10))(post(hello));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      id: "msg_test",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [{ type: "text", text: "Hi there." }],
      stop_reason: "end_turn",
      stop_sequence: null,
      // input_tokens is what was not read from the cache: 12 - 10.
      usage: {
        input_tokens: 2,
        output_tokens: 3,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 10,
      },
    });
  });

  it("returns thinking (signed), text and calls as blocks in order, with stop_reason tool_use", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: {
        content: [
          { type: "reasoning", text: "Look it up." },
          { type: "text", text: "" },
          { type: "text", text: "Checking." },
          {
            type: "tool-call",
            toolCallId: "call_1",
            toolName: "weather",
            input: '{"city":"Oslo"}',
          },
          { type: "tool-call", toolCallId: "call_2", toolName: "weather", input: '{"city": "Ri' },
        ],
        finishReason: { unified: "tool-calls", raw: "function-calls" },
        usage: { ...usage(20, 9), outputTokens: { total: 9, text: 5, reasoning: 4 } },
        warnings: [],
      },
    });
    const body = await (
      await api(model)(
        post({
          ...hello,
          tools: [{ name: "weather", input_schema: { type: "object" } }],
        }),
      )
    ).json();
    expect(body.content).toEqual([
      { type: "thinking", thinking: "Look it up.", signature: thinkingSignature("Look it up.") },
      { type: "text", text: "Checking." },
      { type: "tool_use", id: "call_1", name: "weather", input: { city: "Oslo" } },
      // Cut short by max_tokens: not an object, so Anthropic's `input` gets {}.
      { type: "tool_use", id: "call_2", name: "weather", input: {} },
    ]);
    expect(body.stop_reason).toBe("tool_use");
    expect(body.usage.output_tokens_details).toEqual({ thinking_tokens: 4 });
  });

  it.each([
    [{ unified: "length", raw: "max-tokens" }, undefined, "max_tokens", null],
    [
      { unified: "stop", raw: "stop-sequence" },
      { llamaCpp: { stopSequence: "END" } },
      "stop_sequence",
      "END",
    ],
    [{ unified: "content-filter", raw: undefined }, undefined, "refusal", null],
    [{ unified: "other", raw: "abort" }, undefined, "end_turn", null],
  ] as const)(
    "maps finish %o (%o) to %s",
    async (finishReason, providerMetadata, stop, sequence) => {
      const model = new MockLanguageModelV4({
        doGenerate: {
          content: [],
          finishReason,
          usage: usage(1, 1),
          warnings: [],
          providerMetadata,
        },
      });
      const body = await (await api(model)(post(hello))).json();
      expect(body.stop_reason).toBe(stop);
      expect(body.stop_sequence).toBe(sequence);
      expect(body.content).toEqual([]);
    },
  );

  it("hands the model the mapped request, max_tokens clamped to the server's limit", async () => {
    const model = generating("ok");
    await api(model)(
      post(
        { ...hello, max_tokens: 32000, system: "Be brief.", temperature: 0, stop_sequences: ["X"] },
        { "anthropic-beta": "interleaved-thinking-2025-05-14,context-management-2025-06-27" },
        `${MESSAGES_PATH}?beta=true`,
      ),
    );
    const call = model.doGenerateCalls[0] as LanguageModelV4CallOptions;
    expect(call.maxOutputTokens).toBe(1000);
    expect(call.prompt).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Hello" }] },
    ]);
    expect(call.temperature).toBe(0);
    expect(call.stopSequences).toEqual(["X"]);
    expect(call.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it("serves its model under its own id and any claude-… name; another name is 404", async () => {
    const model = generating("ok");
    for (const name of [MODEL_ID, "claude-3-5-haiku-20241022", "claude-opus-4-1[1m]"]) {
      const response = await api(model)(post({ ...hello, model: name }));
      expect((await response.json()).model).toBe(name);
    }
    const other = await api(model)(post({ ...hello, model: "gpt-4o" }));
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({
      type: "error",
      error: {
        type: "not_found_error",
        message: expect.stringMatching(
          /^model: gpt-4o does not exist on this server; it serves 'tiny.gguf'/,
        ),
      },
    });
    expect(model.doGenerateCalls).toHaveLength(3);
  });
});

describe("POST /v1/messages, streaming", () => {
  const streamBody = { ...hello, stream: true };

  it("streams message_start, ping, the text block, message_delta with usage, message_stop", async () => {
    const response = await api(streaming(textParts("Once", " upon")))(post(streamBody));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(await readEvents(response)).toEqual([
      {
        type: "message_start",
        message: {
          id: "msg_test",
          type: "message",
          role: "assistant",
          model: hello.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: 0,
            output_tokens: 0,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
          },
        },
      },
      { type: "ping" },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Once" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: " upon" } },
      { type: "content_block_stop", index: 0 },
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: {
          input_tokens: 2,
          output_tokens: 2,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 5,
        },
      },
      { type: "message_stop" },
    ]);
  });

  it("a streamed call ends the message with stop_reason tool_use", async () => {
    const parts: LanguageModelV4StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "tool-input-start", id: "call_1", toolName: "weather" },
      { type: "tool-input-delta", id: "call_1", delta: '{"city":' },
      { type: "tool-input-delta", id: "call_1", delta: '"Oslo"}' },
      { type: "tool-input-end", id: "call_1" },
      { type: "tool-call", toolCallId: "call_1", toolName: "weather", input: '{"city":"Oslo"}' },
      {
        type: "finish",
        finishReason: { unified: "tool-calls", raw: "function-calls" },
        usage: usage(5, 4),
      },
    ];
    const events = await readEvents(
      await api(streaming(parts))(
        post({ ...streamBody, tools: [{ name: "weather", input_schema: { type: "object" } }] }),
      ),
    );
    expect(events.map((event) => event.type)).toEqual([
      "message_start",
      "ping",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: "tool_use" } });
  });

  it("still ends with message_delta and message_stop when the model's stream ends without finish", async () => {
    const events = await readEvents(
      await api(streaming(textParts("Hi").slice(0, -1)))(post(streamBody)),
    );
    expect(events.slice(-3)).toEqual([
      { type: "content_block_stop", index: 0 },
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: {
          input_tokens: 0,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
      { type: "message_stop" },
    ]);
  });

  it("answers a failure before the first output with a status and the envelope, not a stream", async () => {
    const tooLong = new LlamaCppError({
      code: "context-length-exceeded",
      message: "The conversation needs 600 tokens.",
      overflow: { promptTokens: 600, replyTokens: 50, contextTokens: 512 },
    });
    const model = streaming([
      { type: "stream-start", warnings: [] },
      { type: "error", error: tooLong },
    ]);
    const response = await api(model)(post(streamBody));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message: "prompt is too long: 600 tokens > 511 maximum",
      },
    });
  });

  it("a failure after output began is an error event, and the stream ends without message_stop", async () => {
    const model = streaming([
      { type: "stream-start", warnings: [] },
      { type: "text-delta", id: "t", delta: "Once" },
      { type: "error", error: new LlamaCppError({ code: "generation-failed", message: "boom" }) },
    ]);
    const onError = vi.fn();
    const events = await readEvents(await api(model, { onError })(post(streamBody)));
    // The decoder's own words are the server's log's, not the client's.
    expect(events.at(-1)).toEqual({
      type: "error",
      error: { type: "api_error", message: errorCodes.server_error.message },
    });
    expect(events.map((event) => event.type)).not.toContain("message_stop");
    expect(onError).toHaveBeenCalledOnce();
  });

  it("ends a stream that goes silent with an error event naming the idle limit", async () => {
    const silent = new MockLanguageModelV4({
      doStream: async ({ abortSignal }) => ({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            controller.enqueue({ type: "text-delta", id: "t", delta: "Once" });
            abortSignal?.addEventListener("abort", () => controller.error(abortSignal.reason));
          },
        }),
      }),
    });
    const response = await api(silent, { replyLimits: { idleMs: 100, totalMs: 10_000 } })(
      post(streamBody),
    );
    expect(response.status).toBe(200);
    expect((await readEvents(response)).at(-1)).toEqual({
      type: "error",
      error: {
        type: "timeout_error",
        message: "The model sent nothing for 100 ms, so the reply was stopped (idle limit).",
      },
    });
  });

  it("a client that goes away cancels the model's stream", async () => {
    let cancelled = false;
    const endless = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          pull(controller) {
            controller.enqueue({ type: "text-delta", id: "t", delta: "la " });
          },
          cancel() {
            cancelled = true;
          },
        }),
      }),
    });
    const response = await api(endless)(post(streamBody));
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    expect(cancelled).toBe(true);
  });
});

describe("errors, in Anthropic's envelope and statuses", () => {
  const model = generating("unused");

  it.each([
    ["not JSON", "{", 400, "invalid_request_error"],
    ["a field missing", { model: "m", messages: hello.messages }, 400, "invalid_request_error"],
  ] as const)("%s → %i %s", async (_name, body, status, type) => {
    const response = await api(model)(post(body));
    expect(response.status).toBe(status);
    const json = await response.json();
    expect(json.type).toBe("error");
    expect(json.error.type).toBe(type);
  });

  it("a missing max_tokens is named as Anthropic names it", async () => {
    const response = await api(model)(post({ model: "m", messages: hello.messages }));
    expect((await response.json()).error.message).toBe("max_tokens: Field required");
  });

  it("413 request_too_large over the body limit", async () => {
    const response = await api(model, { maxBodyBytes: 100 })(
      post({ ...hello, system: "x".repeat(200) }),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error.type).toBe("request_too_large");
  });

  it("405 with Allow for another method, 404 not_found_error for another path", async () => {
    const get = await api(model)(new Request(`http://localhost${MESSAGES_PATH}`));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const batches = await api(model)(post(hello, {}, `${MESSAGES_PATH}/batches`));
    expect(batches.status).toBe(404);
    expect((await batches.json()).error.type).toBe("not_found_error");
  });

  it.each([
    [
      "a prompt that alone does not fit",
      5000,
      100,
      "prompt is too long: 5000 tokens > 4095 maximum",
    ],
    [
      "a prompt that fits without max_tokens",
      3000,
      2000,
      "input length and `max_tokens` exceed context limit: 3000 + 2000 > 4096, decrease input length or `max_tokens` and try again",
    ],
  ])(
    "%s is said in the words Claude Code reads",
    async (_name, promptTokens, replyTokens, message) => {
      const error = new LlamaCppError({
        code: "context-length-exceeded",
        message: "too long",
        overflow: { promptTokens, replyTokens, contextTokens: 4096 },
      });
      const failing = new MockLanguageModelV4({
        doGenerate: async () => {
          throw error;
        },
      });
      const response = await api(failing)(post(hello));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        type: "error",
        error: { type: "invalid_request_error", message },
      });
    },
  );

  it.each([
    [
      "the local model's full queue",
      new LlamaCppError({ code: "queue-full", message: "busy" }),
      529,
      "overloaded_error",
    ],
    [
      "a remote model's 429",
      new APICallError({
        message: "slow down",
        url: "http://up/v1",
        requestBodyValues: {},
        statusCode: 429,
      }),
      429,
      "rate_limit_error",
    ],
    [
      "a remote model's 500",
      new APICallError({
        message: "down",
        url: "http://up/v1",
        requestBodyValues: {},
        statusCode: 500,
      }),
      502,
      "api_error",
    ],
    [
      "a failed generation",
      new LlamaCppError({ code: "generation-failed", message: "x" }),
      500,
      "api_error",
    ],
    [
      "a model that cannot load",
      new LlamaCppError({ code: "model-load-failed", message: "x" }),
      503,
      "api_error",
    ],
  ] as const)("%s → %i %s", async (_name, error, status, type) => {
    const onError = vi.fn();
    const failing = new MockLanguageModelV4({
      doGenerate: async () => {
        throw error;
      },
    });
    const response = await api(failing, { onError })(post(hello));
    expect(response.status).toBe(status);
    expect((await response.json()).error.type).toBe(type);
    expect(response.headers.has("retry-after")).toBe(status === 429 || status === 529);
    if (status >= 500) expect(onError.mock.calls[0]?.[0].cause).toBe(error);
  });

  it("504 timeout_error when the total limit stops a reply", async () => {
    const slow = new MockLanguageModelV4({
      doGenerate: ({ abortSignal }) =>
        new Promise((_, reject) =>
          abortSignal?.addEventListener("abort", () => reject(abortSignal.reason)),
        ),
    });
    const response = await api(slow, { replyLimits: { idleMs: 50, totalMs: 100 } })(post(hello));
    expect(response.status).toBe(504);
    expect((await response.json()).error.type).toBe("timeout_error");
  });
});

describe("API keys: x-api-key or Authorization: Bearer", () => {
  const model = generating("Hi.");
  const keyed = () => api(model, { apiKeys: ["key-one", "key-two"] });

  it("refuses no key and a wrong one with 401 authentication_error", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { "x-api-key": "nope" },
      { authorization: "Bearer nope" },
    ];
    for (const headers of attempts) {
      const response = await keyed()(post(hello, headers));
      expect(response.status).toBe(401);
      expect((await response.json()).error.type).toBe("authentication_error");
    }
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("accepts a configured key in either header, on both endpoints", async () => {
    const keys: Record<string, string>[] = [
      { "x-api-key": "key-one" },
      { authorization: "Bearer key-two" },
    ];
    for (const headers of keys) {
      expect((await keyed()(post(hello, headers))).status).toBe(200);
      const count = await keyed()(post(hello, headers, `${MESSAGES_PATH}/count_tokens`));
      expect(count.status).toBe(200);
    }
  });
});

describe("what every /v1 protocol shares: the cache owner and the request limits", () => {
  it("gives the model each key's own cache owner, whichever header carries it; the open API one", async () => {
    const model = generating("Hi.");
    const keyed = api(model, { apiKeys: ["key-one", "key-two"] });
    await keyed(post(hello, { "x-api-key": "key-one" }));
    await keyed(post(hello, { authorization: "Bearer key-one" }));
    await keyed(post(hello, { "x-api-key": "key-two" }));
    await api(model)(post(hello));
    expect(model.doGenerateCalls.map((call) => call.providerOptions?.llamaCpp?.cacheOwner)).toEqual(
      [operatorOwnerId("key-one"), operatorOwnerId("key-one"), operatorOwnerId("key-two"), "api"],
    );
  });

  it("refuses too many tools and a schema past the cap, naming them as Anthropic does, on both endpoints", async () => {
    const model = generating("Hi.");
    const tool = (name: string, input_schema: unknown = { type: "object" }) => ({
      name,
      input_schema,
    });
    const limited = api(model, {
      requestLimits: { ...requestLimitsFrom(parseEnv({})), maxTools: 2, maxSchemaBytes: 100 },
    });
    for (const path of [MESSAGES_PATH, `${MESSAGES_PATH}/count_tokens`]) {
      const many = await limited(
        post({ ...hello, tools: [tool("a"), tool("b"), tool("c")] }, {}, path),
      );
      expect(many.status).toBe(400);
      expect((await many.json()).error).toMatchObject({ type: "invalid_request_error" });
      const big = await limited(
        post(
          { ...hello, tools: [tool("a", { type: "object", description: "x".repeat(200) })] },
          {},
          path,
        ),
      );
      expect(big.status).toBe(400);
      expect((await big.json()).error.message).toContain("tools.0.input_schema");
    }
    expect(model.doGenerateCalls).toHaveLength(0);
  });
});

describe("POST /v1/messages/count_tokens", () => {
  const body = {
    model: "claude-sonnet-4-5",
    system: "Be brief.",
    messages: [{ role: "user", content: "Hello there" }],
  };
  const path = `${MESSAGES_PATH}/count_tokens`;

  it("asks a model that can count (the local one) for the exact count of the same prompt", async () => {
    const counter = Object.assign(generating("unused"), {
      countPromptTokens: vi.fn(
        async (options: LanguageModelV4CallOptions) => options.prompt.length * 100,
      ),
    });
    const response = await api(counter)(post(body, {}, path));
    expect(await response.json()).toEqual({ input_tokens: 200 });
    expect(counter.countPromptTokens.mock.calls[0]?.[0].prompt).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Hello there" }] },
    ]);
    expect(counter.doGenerateCalls).toHaveLength(0);
  });

  it("estimates for a model that cannot count: a token per 4 characters", async () => {
    const response = await api(generating("unused"))(post(body, {}, path));
    // "Be brief." (9) + "Hello there" (11) = 20 characters.
    expect(await response.json()).toEqual({ input_tokens: 5 });
  });

  it("validates like /v1/messages, and 404s another model", async () => {
    const bad = await api(generating("x"))(post({ ...body, messages: [] }, {}, path));
    expect(bad.status).toBe(400);
    const other = await api(generating("x"))(post({ ...body, model: "gpt-4o" }, {}, path));
    expect(other.status).toBe(404);
  });
});

describe("mounted in the /v1 handler", () => {
  const model = generating("Hi.");
  const v1 = () => {
    const messages = api(model, { apiKeys: ["k"] });
    return createOpenAIApi({
      getModel: () => ({ spec: { provider: "local", model: MODEL_ID }, name: MODEL_ID, model }),
      modelStatus: () => ({ state: "ready" }),
      apiKeys: ["k"],
      limits: { maxMessages: 10 },
      maxBodyBytes: 1024,
      replyLimits: { idleMs: 60_000, totalMs: 900_000 },
      mounts: [{ prefix: MESSAGES_PATH, handler: messages }],
    });
  };

  it("answers /v1/messages in Anthropic's protocol, its errors included, and the rest as before", async () => {
    const message = await v1()(post(hello, { "x-api-key": "k" }));
    expect((await message.json()).type).toBe("message");
    const unauthorized = await v1()(post(hello));
    expect(await unauthorized.json()).toMatchObject({
      type: "error",
      error: { type: "authentication_error" },
    });
    const chat = await v1()(
      post(
        { model: MODEL_ID, messages: hello.messages },
        { authorization: "Bearer k" },
        "/v1/chat/completions",
      ),
    );
    expect((await chat.json()).object).toBe("chat.completion");
    // Anthropic's clients send x-api-key; the OpenAI side still wants its bearer key.
    const chatWithXKey = await v1()(
      post(
        { model: MODEL_ID, messages: hello.messages },
        { "x-api-key": "k" },
        "/v1/chat/completions",
      ),
    );
    expect(chatWithXKey.status).toBe(401);
  });
});
