import type {
  LanguageModelV4,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/env";
import { LlamaCppError } from "@/lib/models/llama-cpp";
import type { ModelStatus } from "@/lib/models/model-status";
import { readChunks } from "@/tests/openai-api/sse";
import { operatorOwnerId } from "./api-caller";
import { createOpenAIApi, type OpenAIApiOptions } from "./create-openai-api";
import type { OpenAIApiError } from "./openai-api-error";
import type { ChatCompletionChunk } from "./openai-types";
import { requestLimitsFrom } from "./request-limits";

/** The handler called with `new Request(...)`, no server, over AI SDK mock models. */

const MODEL_ID = "tiny.gguf";
/** The API's default request limits (CHAT_API_MAX_*). */
const DEFAULT_REQUEST_LIMITS = requestLimitsFrom(parseEnv({}));
const NOW = new Date("2026-01-02T03:04:05Z");
const CREATED = Math.floor(NOW.getTime() / 1000);

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
  { type: "finish", finishReason: STOP, usage: usage(7, deltas.length) },
];

function api(model: LanguageModelV4, options: Partial<OpenAIApiOptions> = {}) {
  return createOpenAIApi({
    getModel: () => ({
      spec: { provider: "local", model: `/models/${MODEL_ID}` },
      name: MODEL_ID,
      model,
    }),
    modelStatus: () => ({ state: "ready" }),
    limits: { maxMessages: 10 },
    requestLimits: DEFAULT_REQUEST_LIMITS,
    maxBodyBytes: 8 * 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
    now: () => NOW,
    generateId: () => "chatcmpl-test",
    ...options,
  });
}

const hello = { model: MODEL_ID, messages: [{ role: "user", content: "Hello" }] };

function post(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return new Request("http://localhost/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
}

const get = (path: string, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { headers });

describe("POST /v1/chat/completions, not streaming", () => {
  it("answers with a chat.completion and exact usage", async () => {
    const response = await api(generating("Hi there."))(post(hello));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: CREATED,
      model: MODEL_ID,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hi there.", refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
  });

  it("reports the prompt tokens reused from the cache", async () => {
    const response = await api(generating("Hi.", 10))(post(hello));
    const body = await response.json();
    expect(body.usage).toEqual({
      prompt_tokens: 12,
      completion_tokens: 3,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 10 },
    });
  });

  it.each([
    [{ unified: "length", raw: "max-tokens" }, "length"],
    [{ unified: "content-filter", raw: undefined }, "content_filter"],
    [{ unified: "other", raw: "abort" }, "stop"],
  ] as const)("maps finish reason %o to %s", async (finishReason, expected) => {
    const model = new MockLanguageModelV4({
      doGenerate: { content: [], finishReason, usage: usage(1, 1), warnings: [] },
    });
    const body = await (await api(model)(post(hello))).json();
    expect(body.choices[0].finish_reason).toBe(expected);
    expect(body.choices[0].message.content).toBe("");
  });

  it("hands every field it honours to the model, and ignores unknown ones", async () => {
    const model = generating("{}");
    const controller = new AbortController();
    await api(model)(
      post(
        {
          model: MODEL_ID,
          messages: [
            { role: "developer", content: "Be brief." },
            { role: "system", content: [{ type: "text", text: "Be kind." }] },
            {
              role: "user",
              name: "ann",
              content: [
                { type: "text", text: "Hel" },
                { type: "text", text: "lo" },
              ],
            },
            { role: "assistant", content: "Hi." },
            { role: "user", content: "JSON please" },
          ],
          max_tokens: 50,
          max_completion_tokens: 20,
          temperature: 0.5,
          top_p: 0.9,
          seed: 42,
          stop: "END",
          presence_penalty: 0.1,
          frequency_penalty: -0.2,
          n: 1,
          user: "someone",
          logprobs: false,
          tools: [],
          store: false,
          some_future_field: { anything: true },
          response_format: {
            type: "json_schema",
            json_schema: { name: "answer", description: "An answer", schema: { type: "object" } },
          },
        },
        {},
        controller.signal,
      ),
    );
    const call = model.doGenerateCalls[0];
    expect(call).toMatchObject({
      prompt: [
        { role: "system", content: "Be brief." },
        { role: "system", content: "Be kind." },
        // Its parts joined, its speaker in front.
        { role: "user", content: [{ type: "text", text: "ann: Hello" }] },
        { role: "assistant", content: [{ type: "text", text: "Hi." }] },
        { role: "user", content: [{ type: "text", text: "JSON please" }] },
      ],
      maxOutputTokens: 20,
      temperature: 0.5,
      topP: 0.9,
      seed: 42,
      stopSequences: ["END"],
      presencePenalty: 0.1,
      frequencyPenalty: -0.2,
      responseFormat: {
        type: "json",
        name: "answer",
        description: "An answer",
        schema: { type: "object" },
      },
    });
    // The request's own signal reaches the model, so a client that leaves stops the generation.
    controller.abort();
    expect(call?.abortSignal?.aborted).toBe(true);
  });

  it("a message's name reaches the model as its speaker in front of the text", async () => {
    const model = generating("Hmm.");
    await api(model)(
      post({
        model: MODEL_ID,
        messages: [
          { role: "user", name: "Ada", content: "Cats purr." },
          { role: "user", name: "Grace", content: "Dogs bark." },
          { role: "assistant", name: "Linus", content: "Birds sing." },
          { role: "user", content: "And you?" },
        ],
      }),
    );
    expect(model.doGenerateCalls[0]?.prompt).toEqual([
      { role: "user", content: [{ type: "text", text: "Ada: Cats purr." }] },
      { role: "user", content: [{ type: "text", text: "Grace: Dogs bark." }] },
      { role: "assistant", content: [{ type: "text", text: "Linus: Birds sing." }] },
      { role: "user", content: [{ type: "text", text: "And you?" }] },
    ]);
  });

  it("leaves unset fields to the model and maps json_object to any JSON", async () => {
    const model = generating("{}");
    await api(model)(post({ ...hello, response_format: { type: "json_object" }, max_tokens: 5 }));
    const call = model.doGenerateCalls[0];
    expect(call?.responseFormat).toEqual({ type: "json" });
    expect(call?.maxOutputTokens).toBe(5);
    expect(call?.temperature).toBeUndefined();
    expect(call?.stopSequences).toBeUndefined();
  });
});

describe("POST /v1/chat/completions, streaming", () => {
  const streamBody = { ...hello, stream: true };

  it("sends chunks with one id and created, the role first, one finish_reason, then [DONE]", async () => {
    const response = await api(streaming(textParts("Once", " upon", " a time")))(post(streamBody));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toContain("no-transform");
    const { chunks, done } = await readChunks(response);
    expect(done).toBe(true);
    const typed = chunks as ChatCompletionChunk[];
    expect(typed.map((c) => c.choices[0]?.delta)).toEqual([
      { role: "assistant", content: "" },
      { content: "Once" },
      { content: " upon" },
      { content: " a time" },
      {},
    ]);
    for (const chunk of typed) {
      expect(chunk).toMatchObject({
        id: "chatcmpl-test",
        object: "chat.completion.chunk",
        created: CREATED,
        model: MODEL_ID,
      });
      expect(chunk).not.toHaveProperty("usage");
    }
    expect(typed.map((c) => c.choices[0]?.finish_reason)).toEqual([null, null, null, null, "stop"]);
  });

  it("adds a usage chunk with no choices for stream_options.include_usage", async () => {
    const parts = textParts("Hi");
    parts[parts.length - 1] = {
      type: "finish",
      finishReason: { unified: "length", raw: "max-tokens" },
      usage: usage(9, 1, 4),
    };
    const response = await api(streaming(parts))(
      post({ ...streamBody, stream_options: { include_usage: true } }),
    );
    const { chunks, done } = await readChunks(response);
    expect(done).toBe(true);
    const typed = chunks as ChatCompletionChunk[];
    const last = typed.at(-1);
    expect(last).toEqual({
      id: "chatcmpl-test",
      object: "chat.completion.chunk",
      created: CREATED,
      model: MODEL_ID,
      choices: [],
      usage: {
        prompt_tokens: 9,
        completion_tokens: 1,
        total_tokens: 10,
        prompt_tokens_details: { cached_tokens: 4 },
      },
    });
    for (const chunk of typed.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(
      typed.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0]?.finish_reason),
    ).toEqual(["length"]);
  });

  it("still sends exactly one finish_reason when the model's stream ends without a finish part", async () => {
    const parts = textParts("Hi").slice(0, -1);
    const { chunks, done } = await readChunks(await api(streaming(parts))(post(streamBody)));
    expect(done).toBe(true);
    const reasons = (chunks as ChatCompletionChunk[]).map((c) => c.choices[0]?.finish_reason);
    expect(reasons).toEqual([null, null, "stop"]);
  });

  it("answers a failure before the first token with a status, not a stream", async () => {
    const tooLong = new LlamaCppError({
      code: "context-length-exceeded",
      message: "The conversation needs 600 tokens, more than the model's context of 512.",
    });
    const model = streaming([
      { type: "stream-start", warnings: [] },
      { type: "response-metadata", id: "x" },
      { type: "error", error: tooLong },
    ]);
    const response = await api(model)(post(streamBody));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: {
        message: tooLong.message,
        type: "invalid_request_error",
        param: "messages",
        code: "context_length_exceeded",
      },
    });
  });

  it("answers a stream that errors before the first token (as our provider's does) with a status", async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            controller.enqueue({ type: "stream-start", warnings: [] });
            controller.error(
              new LlamaCppError({ code: "queue-full", message: "The local model is busy." }),
            );
          },
        }),
      }),
    });
    const response = await api(model, { retryAfterSeconds: 2 })(post(streamBody));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect((await response.json()).error).toMatchObject({
      code: "rate_limit_exceeded",
      message: "The local model is busy.",
    });
  });

  it("sends a failure after the first token as an error event, then [DONE]", async () => {
    const onError = vi.fn();
    const model = streaming([
      ...textParts("Once").slice(0, 4),
      { type: "error", error: new Error("the GPU caught fire") },
    ]);
    const response = await api(model, { onError })(post(streamBody));
    expect(response.status).toBe(200);
    const { chunks, done } = await readChunks(response);
    expect(done).toBe(true);
    expect(chunks.at(-1)).toEqual({
      error: {
        message: "The server had an error while processing your request.",
        type: "server_error",
        param: null,
        code: "server_error",
      },
    });
    expect((chunks as ChatCompletionChunk[]).some((c) => c.choices?.[0]?.finish_reason)).toBe(
      false,
    );
    expect(onError).toHaveBeenCalledOnce();
    const [reported] = onError.mock.calls[0] as [OpenAIApiError];
    expect(reported.cause).toEqual(new Error("the GPU caught fire"));
  });

  it("cancels the model's stream when the client stops reading", async () => {
    const cancel = vi.fn();
    let sent = 0;
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          pull(controller) {
            sent++;
            controller.enqueue({ type: "text-delta", id: "t", delta: `w${sent} ` });
          },
          cancel,
        }),
      }),
    });
    const response = await api(model)(post(streamBody));
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.read();
    await reader?.cancel(new Error("client gone"));
    // The cancel travels back through the SSE pipe a few microtasks later.
    await vi.waitFor(() => expect(cancel).toHaveBeenCalledOnce());
    expect(sent).toBeLessThan(10);
  });
});

describe("tools and reasoning", () => {
  const tools = [
    {
      type: "function",
      function: {
        name: "add",
        parameters: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
        },
      },
    },
  ];
  const TOOL_CALLS = { unified: "tool-calls", raw: "functionCalls" } as const;

  it("hands tools, tool_choice, reasoning_effort and a tool round trip to the model", async () => {
    const model = generating("3");
    await api(model)(
      post({
        ...hello,
        messages: [
          { role: "user", content: "1 + 2?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "c1", type: "function", function: { name: "add", arguments: '{"a":1,"b":2}' } },
            ],
          },
          { role: "tool", tool_call_id: "c1", content: "3" },
        ],
        tools,
        tool_choice: "required",
        parallel_tool_calls: false,
        reasoning_effort: "low",
      }),
    );
    const call = model.doGenerateCalls[0];
    expect(call?.tools).toEqual([
      { type: "function", name: "add", inputSchema: tools[0]?.function.parameters },
    ]);
    expect(call?.toolChoice).toEqual({ type: "required" });
    expect(call?.reasoning).toBe("low");
    expect(call?.providerOptions).toEqual({
      llamaCpp: { cacheOwner: "api", parallelToolCalls: false, shortenReplyToFit: true },
      openai: { parallelToolCalls: false },
    });
    expect(call?.prompt.slice(1)).toEqual([
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "c1", toolName: "add", input: { a: 1, b: 2 } }],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c1",
            toolName: "add",
            output: { type: "text", value: "3" },
          },
        ],
      },
    ]);
  });

  it("answers tool calls as message.tool_calls with content null and finish_reason tool_calls", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: {
        content: [
          { type: "reasoning", text: "Use the tool." },
          { type: "tool-call", toolCallId: "call_7", toolName: "add", input: '{"a":1,"b":2}' },
        ],
        finishReason: TOOL_CALLS,
        usage: {
          ...usage(12, 9),
          outputTokens: { total: 9, text: 5, reasoning: 4 },
        },
        warnings: [],
      },
    });
    const response = await api(model)(post({ ...hello, tools }));
    const body = await response.json();
    expect(body.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [
          { id: "call_7", type: "function", function: { name: "add", arguments: '{"a":1,"b":2}' } },
        ],
        reasoning_content: "Use the tool.",
      },
      logprobs: null,
      finish_reason: "tool_calls",
    });
    expect(body.usage.completion_tokens_details).toEqual({ reasoning_tokens: 4 });
  });

  it("streams thinking as reasoning_content and a call as OpenAI does, one finish_reason", async () => {
    const model = streaming([
      { type: "stream-start", warnings: [] },
      { type: "reasoning-start", id: "r" },
      { type: "reasoning-delta", id: "r", delta: "Adding." },
      { type: "reasoning-end", id: "r" },
      { type: "tool-input-start", id: "call_1", toolName: "add" },
      { type: "tool-input-delta", id: "call_1", delta: '{"a":1,' },
      { type: "tool-input-delta", id: "call_1", delta: '"b":2}' },
      { type: "tool-input-end", id: "call_1" },
      { type: "tool-call", toolCallId: "call_1", toolName: "add", input: '{"a":1,"b":2}' },
      { type: "finish", finishReason: TOOL_CALLS, usage: usage(7, 6) },
    ]);
    const response = await api(model)(post({ ...hello, tools, stream: true }));
    const { chunks, done } = await readChunks(response);
    expect(done).toBe(true);
    const choices = (chunks as ChatCompletionChunk[]).map((chunk) => chunk.choices[0]);
    expect(choices.map((choice) => choice?.delta)).toEqual([
      { role: "assistant", content: "" },
      { reasoning_content: "Adding." },
      {
        tool_calls: [
          { index: 0, id: "call_1", type: "function", function: { name: "add", arguments: "" } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"a":1,' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"b":2}' } }] },
      {},
    ]);
    expect(choices.map((choice) => choice?.finish_reason)).toEqual([
      null,
      null,
      null,
      null,
      null,
      "tool_calls",
    ]);
  });
});

describe("errors", () => {
  const model = generating("unused");

  it.each([
    ["{not json", "invalid_json"],
    ["", "invalid_json"],
    ["[1,2]", "invalid_json"],
    ['"text"', "invalid_json"],
  ])("answers the body %j with 400 %s", async (raw, code) => {
    const response = await api(model)(post(raw));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: expect.any(String), type: "invalid_request_error", param: null, code },
    });
  });

  it("refuses n > 1 with a 400 naming n", async () => {
    const response = await api(model)(post({ ...hello, n: 2 }));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      param: "n",
      code: "unsupported_value",
      type: "invalid_request_error",
    });
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("answers a model it does not serve with 404 model_not_found", async () => {
    const response = await api(model)(post({ ...hello, model: "gpt-4o" }));
    expect(response.status).toBe(404);
    expect((await response.json()).error).toEqual({
      message: expect.stringContaining("'gpt-4o' does not exist"),
      type: "invalid_request_error",
      param: "model",
      code: "model_not_found",
    });
  });

  it.each([
    ["model-not-found", 503, "model_unavailable"],
    ["model-download-failed", 503, "model_unavailable"],
    ["model-load-failed", 503, "model_unavailable"],
    ["generation-failed", 500, "server_error"],
    ["queue-full", 429, "rate_limit_exceeded"],
    ["context-length-exceeded", 400, "context_length_exceeded"],
  ] as const)(
    "answers the local model's %s with %i %s, keeping it as cause (logged, not sent)",
    async (llamaCode, status, code) => {
      const error = new LlamaCppError({ code: llamaCode, message: `failed: ${llamaCode}` });
      const onError = vi.fn();
      const failing = new MockLanguageModelV4({
        doGenerate: async () => {
          throw error;
        },
      });
      const response = await api(failing, { onError })(post(hello));
      expect(response.status).toBe(status);
      const body = (await response.json()).error;
      expect(body.code).toBe(code);
      // The server's own failures (a file path, a download URL) go to the log, not the client.
      if (status >= 500) expect(body.message).not.toContain(error.message);
      else expect(body.message).toBe(error.message);
      if (status >= 500) expect(onError.mock.calls[0]?.[0].cause).toBe(error);
      else expect(onError).not.toHaveBeenCalled();
      expect(response.headers.has("retry-after")).toBe(status === 429);
    },
  );

  it("answers a model that cannot be created with 503", async () => {
    const handler = createOpenAIApi({
      getModel: () => {
        throw new Error("CHAT_MODEL is not valid");
      },
      modelStatus: () => ({ state: "idle" }),
      limits: { maxMessages: 10 },
      requestLimits: DEFAULT_REQUEST_LIMITS,
      maxBodyBytes: 8 * 1024 * 1024,
      replyLimits: { idleMs: 60_000, totalMs: 900_000 },
    });
    const response = await handler(get("/v1/models"));
    expect(response.status).toBe(500);
    expect((await response.json()).error.type).toBe("server_error");
  });

  it("answers unknown URLs and wrong methods in the envelope", async () => {
    const unknown = await api(model)(get("/v1/audio/speech"));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("unknown_url");
    const wrongMethod = await api(model)(get("/v1/chat/completions"));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect((await wrongMethod.json()).error).toEqual({
      message: "GET is not allowed here; use POST.",
      type: "invalid_request_error",
      param: null,
      code: "method_not_allowed",
    });
    const postToModels = await api(model)(
      new Request("http://localhost/v1/models", { method: "POST", body: "{}" }),
    );
    expect(postToModels.status).toBe(405);
    expect(postToModels.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers a body over maxBodyBytes with 413, said or found while reading", async () => {
    const big = { ...hello, messages: [{ role: "user", content: "x".repeat(2_000) }] };
    const declared = await api(model, { maxBodyBytes: 1_000 })(post(big));
    expect(declared.status).toBe(413);
    expect((await declared.json()).error).toEqual({
      message: "The request body is larger than this server accepts (1000 B).",
      type: "invalid_request_error",
      param: null,
      code: "request_too_large",
    });
    // No Content-Length: a streamed upload is cut off once it passes the limit.
    const bytes = new TextEncoder().encode(JSON.stringify(big));
    const streamed = new Request("http://localhost/v1/chat/completions", {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    const cut = await api(model, { maxBodyBytes: 1_000 })(streamed);
    expect(cut.status).toBe(413);
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("accepts a 20,000-character message: length is the model's to judge, in tokens", async () => {
    const long = generating("Read it.");
    const response = await api(long)(
      post({ ...hello, messages: [{ role: "user", content: "word ".repeat(4_000) }] }),
    );
    expect(response.status).toBe(200);
    expect(long.doGenerateCalls).toHaveLength(1);
  });
});

describe("reply limits", () => {
  /** Streams `deltas`, then says nothing more until it is aborted. */
  function goingSilent(deltas: string[]) {
    return new MockLanguageModelV4({
      doStream: async ({ abortSignal }) => ({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            for (const delta of deltas) controller.enqueue({ type: "text-delta", id: "t", delta });
            abortSignal?.addEventListener("abort", () => controller.error(abortSignal.reason));
          },
        }),
      }),
      doGenerate: ({ abortSignal }) =>
        new Promise((_, reject) =>
          abortSignal?.addEventListener("abort", () => reject(abortSignal.reason)),
        ),
    });
  }

  it("ends a stream that goes silent with an error event naming the idle limit", async () => {
    const response = await api(goingSilent(["Once", " upon"]), {
      replyLimits: { idleMs: 100, totalMs: 10_000 },
    })(post({ ...hello, stream: true }));
    expect(response.status).toBe(200);
    const { chunks, done } = await readChunks(response);
    expect(done).toBe(true);
    const text = (chunks as ChatCompletionChunk[])
      .map((chunk) => chunk.choices?.[0]?.delta.content ?? "")
      .join("");
    expect(text).toBe("Once upon");
    expect(chunks.at(-1)).toEqual({
      error: {
        message: "The model sent nothing for 100 ms, so the reply was stopped (idle limit).",
        type: "server_error",
        param: null,
        code: "timeout",
      },
    });
  });

  it("answers a reply that outlasts the total limit with 504 naming it", async () => {
    const onError = vi.fn();
    const response = await api(goingSilent([]), {
      replyLimits: { idleMs: 50, totalMs: 200 },
      onError,
    })(post(hello));
    expect(response.status).toBe(504);
    expect((await response.json()).error).toMatchObject({
      code: "timeout",
      message: "The reply took longer than 200 ms, so it was stopped (total limit).",
    });
    expect(onError).toHaveBeenCalledOnce();
  });

  it("a stream that never starts is answered with 504 too, before any chunk", async () => {
    const response = await api(goingSilent([]), {
      replyLimits: { idleMs: 50, totalMs: 200 },
    })(post({ ...hello, stream: true }));
    expect(response.status).toBe(504);
    expect((await response.json()).error.code).toBe("timeout");
  });
});

describe("API keys", () => {
  const model = generating("Hi.");
  const keyed = () => api(model, { apiKeys: ["key-one", "key-two"] });

  it("refuses /v1 without a key or with a wrong one (401 invalid_api_key)", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer nope" },
      { authorization: "key-one" },
    ];
    for (const headers of attempts) {
      const response = await keyed()(post(hello, headers));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      expect((await response.json()).error).toMatchObject({
        code: "invalid_api_key",
        type: "invalid_request_error",
      });
    }
    expect((await keyed()(get("/v1/models"))).status).toBe(401);
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("accepts any configured key", async () => {
    for (const key of ["key-one", "key-two"]) {
      const response = await keyed()(post(hello, { authorization: `Bearer ${key}` }));
      expect(response.status).toBe(200);
    }
  });

  it("keeps /health public", async () => {
    expect((await keyed()(get("/health"))).status).toBe(200);
  });

  it("leaves the API open when no key is configured", async () => {
    expect((await api(model, { apiKeys: [] })(post(hello))).status).toBe(200);
  });

  it("gives the model each key's own cache owner, stable and not the key; the open API one owner", async () => {
    const model = generating("Hi.");
    const handler = api(model, { apiKeys: ["key-one", "key-two"] });
    for (const key of ["key-one", "key-two", "key-one"]) {
      await handler(post(hello, { authorization: `Bearer ${key}` }));
    }
    await api(model, { apiKeys: [] })(post(hello));
    const cacheOwners = model.doGenerateCalls.map(
      (call) => call.providerOptions?.llamaCpp?.cacheOwner,
    );
    const [one, two, oneAgain, open] = cacheOwners;
    expect(one).toMatch(/^key-[0-9a-f]{16}$/);
    expect(one).toBe(operatorOwnerId("key-one"));
    expect(two).toMatch(/^key-[0-9a-f]{16}$/);
    expect(two).not.toBe(one);
    expect(oneAgain).toBe(one);
    expect(cacheOwners.join()).not.toContain("key-one");
    expect(open).toBe("api");
  });
});

describe("request limits", () => {
  const limits = {
    maxOutputTokens: 100,
    maxTools: 2,
    maxSchemaBytes: 200,
    maxToolsBytes: 300,
    maxFileBytes: 1000,
  };
  const limited = (model: LanguageModelV4) => api(model, { requestLimits: limits });
  const fn = (name: string, parameters: unknown = { type: "object" }, description?: string) => ({
    type: "function",
    function: { name, parameters, ...(description ? { description } : {}) },
  });

  it("clamps max_tokens and max_completion_tokens to the cap instead of refusing them", async () => {
    const model = generating("Hi.");
    for (const asked of [
      { max_tokens: 5000 },
      { max_completion_tokens: 101 },
      { max_tokens: 40 },
    ]) {
      expect((await limited(model)(post({ ...hello, ...asked }))).status).toBe(200);
    }
    expect(model.doGenerateCalls.map((call) => call.maxOutputTokens)).toEqual([100, 100, 40]);
    // A limit the client chose is the client's: the local model refuses one that does not fit.
    for (const call of model.doGenerateCalls) {
      expect(call.providerOptions?.llamaCpp?.shortenReplyToFit).toBeUndefined();
    }
  });

  it("gives a request without max_tokens the cap, which the local model may shorten to fit", async () => {
    const model = generating("Hi.");
    expect((await limited(model)(post(hello))).status).toBe(200);
    const call = model.doGenerateCalls[0];
    expect(call?.maxOutputTokens).toBe(100);
    expect(call?.providerOptions?.llamaCpp).toMatchObject({ shortenReplyToFit: true });
  });

  it("refuses more tools than the cap with 400 array_above_max_length naming tools", async () => {
    const model = generating("Hi.");
    const response = await limited(model)(post({ ...hello, tools: [fn("a"), fn("b"), fn("c")] }));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: "array_above_max_length",
      param: "tools",
      type: "invalid_request_error",
    });
    expect((await limited(model)(post({ ...hello, tools: [fn("a"), fn("b")] }))).status).toBe(200);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it("refuses a tool schema, or a response format's, over the byte cap, naming it", async () => {
    const model = generating("{}");
    const big = { type: "object", properties: { a: { enum: ["x".repeat(200)] } } };
    const tool = await limited(model)(post({ ...hello, tools: [fn("a"), fn("big", big)] }));
    expect(tool.status).toBe(400);
    const toolError = (await tool.json()).error;
    expect(toolError).toMatchObject({
      code: "invalid_value",
      param: "tools[1].function.parameters",
    });
    expect(toolError.message).toContain("tool 'big'");
    expect(toolError.message).toContain("200 B");

    const format = await limited(model)(
      post({
        ...hello,
        response_format: { type: "json_schema", json_schema: { name: "x", schema: big } },
      }),
    );
    expect(format.status).toBe(400);
    expect((await format.json()).error).toMatchObject({
      param: "response_format.json_schema.schema",
    });
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("a refused request leaves no reply-limit timer behind", async () => {
    vi.useFakeTimers();
    try {
      const response = await limited(generating("Hi."))(
        post({ ...hello, tools: [fn("a"), fn("b"), fn("c")] }),
      );
      expect(response.status).toBe(400);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses tools that together pass the total cap, descriptions counted", async () => {
    const model = generating("Hi.");
    const described = (name: string) => fn(name, { type: "object" }, "d".repeat(140));
    const response = await limited(model)(
      post({ ...hello, tools: [described("a"), described("b")] }),
    );
    expect(response.status).toBe(400);
    const error = (await response.json()).error;
    expect(error).toMatchObject({ code: "invalid_value", param: "tools" });
    expect(error.message).toContain("300 B");
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("refuses a schema nested too deep with a 400, whatever its depth (no stack overflow, no 500)", async () => {
    const model = generating("Hi.");
    // 100,000 levels: JSON.parse takes it, JSON.stringify and every recursive walk overflow.
    const deep = `{"type":"object","properties":{"a":{"enum":[${"[".repeat(100_000)}${"]".repeat(100_000)}]}}}`;
    const body = `{"model":"${MODEL_ID}","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deep}}}]}`;
    const response = await api(model)(post(body));
    expect(response.status).toBe(400);
    const error = (await response.json()).error;
    expect(error).toMatchObject({ code: "invalid_value", param: "tools[0].function.parameters" });
    expect(error.message).toMatch(/deeper than \d+ levels/);
    expect(model.doGenerateCalls).toHaveLength(0);
  });
});

describe("GET /v1/models", () => {
  const model = generating("unused");

  it("lists the one model", async () => {
    const response = await api(model)(get("/v1/models"));
    expect(await response.json()).toEqual({
      object: "list",
      data: [{ id: MODEL_ID, object: "model", created: CREATED, owned_by: "local" }],
    });
  });

  it("retrieves it by id, and 404s any other", async () => {
    const found = await api(model)(get(`/v1/models/${MODEL_ID}`));
    expect(await found.json()).toEqual({
      id: MODEL_ID,
      object: "model",
      created: CREATED,
      owned_by: "local",
    });
    const missing = await api(model)(get("/v1/models/gpt-4o"));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("model_not_found");
  });

  it("reads a path ending in slashes, however many, in linear time", async () => {
    expect((await api(model)(get("/v1/models/"))).status).toBe(200);
    // 200,000 slashes and a letter: `/\/+$/` tried from each slash took minutes here.
    const slashes = await api(model)(get(`/v1/models${"/".repeat(200_000)}x`));
    expect(slashes.status).toBe(404);
  });
});

describe("GET /health", () => {
  const at = (status: ModelStatus) => api(generating("unused"), { modelStatus: () => status });

  it.each([
    [{ state: "idle" }, 503, { status: "idle" }],
    [{ state: "loading", fraction: 0.5 }, 503, { status: "loading", fraction: 0.5 }],
    [
      { state: "downloading", downloadedBytes: 1, totalBytes: 2 },
      503,
      { status: "downloading", downloadedBytes: 1, totalBytes: 2 },
    ],
    [{ state: "ready" }, 200, { status: "ready" }],
  ] as const)("for %o answers %i", async (status, code, body) => {
    const response = await at(status)(get("/health"));
    expect(response.status).toBe(code);
    expect(await response.json()).toEqual(body);
  });
});

describe("callers, their shares and their usage (accounts)", () => {
  const person = {
    ownerId: "ada",
    mayUseServedModel: true,
    limits: { repliesAtOnce: 1, requestsPerMinute: null, tokensPerDay: null },
  };
  const post = (path: string, body: unknown) =>
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify(body),
    });
  const chat = { model: MODEL_ID, messages: [{ role: "user", content: "Hi" }] };

  it("a caller over their share gets 429 with Retry-After and the sentence; the model is not called", async () => {
    const model = generating("Hello");
    const handler = api(model, {
      checkKey: async () => person,
      shares: {
        admit: async () => ({
          ok: false,
          over: { limit: "requests-per-minute", max: 2, retryAfterSeconds: 17 },
        }),
      },
    });
    for (const [path, body] of [
      ["/v1/chat/completions", chat],
      ["/v1/responses", { model: MODEL_ID, input: "Hi" }],
    ] as const) {
      const response = await handler(post(path, body));
      expect(response.status, path).toBe(429);
      expect(response.headers.get("retry-after"), path).toBe("17");
      expect((await response.json()).error, path).toMatchObject({
        code: "rate_limit_exceeded",
        message: "You have sent your 2 requests of this minute: go on in 17 s.",
      });
    }
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("an admitted request is done once its response is sent, and reports its tokens as the caller's", async () => {
    const done = vi.fn();
    const used: unknown[] = [];
    const handler = api(streaming(textParts("Once", " upon")), {
      checkKey: async () => person,
      shares: {
        admit: async () => ({ ok: true, done }),
        onUsage: (caller, model, usage) => used.push({ owner: caller.ownerId, model, usage }),
      },
    });
    const response = await handler(post("/v1/chat/completions", { ...chat, stream: true }));
    expect(done).not.toHaveBeenCalled();
    await readChunks(response);
    expect(done).toHaveBeenCalledOnce();
    expect(used).toEqual([
      { owner: "ada", model: MODEL_ID, usage: { inputTokens: 7, outputTokens: 2 } },
    ]);
  });

  it("a caller whose role may not use the model served gets model_not_found", async () => {
    const handler = api(generating("Hello"), {
      checkKey: async () => ({ ownerId: "bob", mayUseServedModel: false }),
    });
    const response = await handler(post("/v1/chat/completions", chat));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("model_not_found");
  });
});
