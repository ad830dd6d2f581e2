import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { LlamaCppError } from "@/lib/models/llama-cpp";
import { errorCodes } from "@/lib/openai-api/error-codes";
import { readNamedEvents } from "@/tests/openai-api/sse";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { dataUrl, makePdf, makePng } from "@/tests/support/tiny-files";
import { operatorOwnerId } from "../api-caller";
import { createOpenAIApi, type OpenAIApiOptions } from "../create-openai-api";
import { requestLimitsFrom } from "../request-limits";

/** `/v1/responses` called with `new Request(...)`, no server, over mock models and a real SQLite store. */

const MODEL_ID = "tiny.gguf";
const NOW = new Date("2026-01-02T03:04:05Z");
const CREATED = Math.floor(NOW.getTime() / 1000);
const getStore = tempChatStoreForFile();

function usage(
  input: number,
  output: number,
  cached = 0,
  reasoning?: number,
): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: input,
      noCache: input - cached,
      cacheRead: cached,
      cacheWrite: undefined,
    },
    outputTokens: { total: output, text: output, reasoning },
  };
}

const STOP = { unified: "stop", raw: "eog" } as const;
const LENGTH = { unified: "length", raw: "max-tokens" } as const;
const TOOL_CALLS = { unified: "tool-calls", raw: "function-call" } as const;

/** A model that records each call's options and answers from a script, in turn. */
function recording(
  answers: Array<LanguageModelV4StreamPart[]>,
  generated: Array<Awaited<ReturnType<LanguageModelV4["doGenerate"]>>> = [],
) {
  const calls: LanguageModelV4CallOptions[] = [];
  const model = new MockLanguageModelV4({
    doStream: async (options) => {
      calls.push(options);
      const chunks = answers[calls.length - 1] ?? answers.at(-1) ?? [];
      return { stream: simulateReadableStream({ chunks }) };
    },
    doGenerate: async (options) => {
      calls.push(options);
      const answer = generated[calls.length - 1] ?? generated.at(-1);
      if (!answer) throw new Error("no scripted answer");
      return answer;
    },
  });
  return { model, calls };
}

const textParts = (
  deltas: string[],
  finishReason: typeof STOP | typeof LENGTH = STOP,
): LanguageModelV4StreamPart[] => [
  { type: "stream-start", warnings: [] },
  { type: "text-start", id: "t" },
  ...deltas.map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
  { type: "text-end", id: "t" },
  { type: "finish", finishReason, usage: usage(7, deltas.length, 2) },
];

const generatedText = (text: string) => ({
  content: [{ type: "text" as const, text }],
  finishReason: STOP,
  usage: usage(12, 3, 4),
  warnings: [],
});

function api(model: LanguageModelV4, options: Partial<OpenAIApiOptions> = {}) {
  return createOpenAIApi({
    getModel: () => ({
      spec: { provider: "local", model: `/models/${MODEL_ID}` },
      name: MODEL_ID,
      model,
    }),
    modelStatus: () => ({ state: "ready" }),
    limits: { maxMessages: 10 },
    maxBodyBytes: 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
    now: () => NOW,
    getStore: async () => getStore(),
    requestLimits: { ...requestLimitsFrom(parseEnv({})), maxOutputTokens: 100 },
    ...options,
  });
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request("http://localhost/v1/responses", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const get = (path: string, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { headers });

describe("POST /v1/responses, whole", () => {
  it("answers a response object, keeps it, and GET returns it", async () => {
    const { model, calls } = recording([], [generatedText("Once upon a time.")]);
    const handler = api(model);
    const response = await handler(
      post({
        model: MODEL_ID,
        input: "Tell me a story.",
        instructions: "Be brief.",
        metadata: { a: "1" },
      }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      id: expect.stringMatching(/^resp_/),
      object: "response",
      created_at: CREATED,
      completed_at: CREATED,
      status: "completed",
      model: MODEL_ID,
      output: [
        {
          type: "message",
          id: expect.stringMatching(/^msg_/),
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: "Once upon a time.", annotations: [] }],
        },
      ],
      output_text: "Once upon a time.",
      error: null,
      incomplete_details: null,
      instructions: "Be brief.",
      metadata: { a: "1" },
      store: true,
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 3,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 15,
      },
    });
    expect(calls[0]?.prompt).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Tell me a story." }] },
    ]);
    const again = await handler(get(`/v1/responses/${body.id}`));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
  });

  it("a model other than the served one is 404 model_not_found", async () => {
    const { model } = recording([], [generatedText("x")]);
    const response = await api(model)(post({ model: "gpt-5", input: "Hi" }));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("model_not_found");
  });
});

describe("POST /v1/responses, streamed", () => {
  it("sends the documented event sequence, numbered, ids consistent, ending in response.completed", async () => {
    const { model } = recording([
      [
        { type: "stream-start", warnings: [] },
        { type: "reasoning-start", id: "r" },
        { type: "reasoning-delta", id: "r", delta: "Hmm" },
        { type: "reasoning-end", id: "r" },
        ...textParts(["Once", " upon"]).slice(1, -1),
        { type: "tool-input-start", id: "call_1", toolName: "add" },
        { type: "tool-input-delta", id: "call_1", delta: '{"a":' },
        { type: "tool-input-delta", id: "call_1", delta: "1}" },
        { type: "tool-input-end", id: "call_1" },
        { type: "tool-call", toolCallId: "call_1", toolName: "add", input: '{"a":1}' },
        { type: "finish", finishReason: TOOL_CALLS, usage: usage(9, 6, 3, 1) },
      ],
    ]);
    const response = await api(model)(
      post({
        model: MODEL_ID,
        input: "Add.",
        stream: true,
        tools: [{ type: "function", name: "add", parameters: { type: "object" } }],
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = await readNamedEvents(response);
    expect(events.map((e) => e.data.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    for (const [i, { event, data }] of events.entries()) {
      expect(event).toBe(data.type);
      expect(data.sequence_number).toBe(i);
    }
    const created = events[0]?.data.response as Record<string, unknown>;
    expect(created).toMatchObject({ status: "in_progress", output: [], usage: null });
    // Every item event names the item its `added` announced, at the same output_index.
    const added = events.filter((e) => e.data.type === "response.output_item.added");
    for (const e of events) {
      if (e.data.item_id === undefined) continue;
      const item = added[e.data.output_index as number]?.data.item as { id: string };
      expect(e.data.item_id).toBe(item.id);
    }
    const completed = events.at(-1)?.data.response as Record<string, unknown>;
    expect(completed).toMatchObject({
      status: "completed",
      output_text: "Once upon",
      usage: {
        input_tokens: 9,
        input_tokens_details: { cached_tokens: 3 },
        output_tokens: 6,
        output_tokens_details: { reasoning_tokens: 1 },
        total_tokens: 15,
      },
    });
    const output = completed.output as Array<Record<string, unknown>>;
    expect(output).toMatchObject([
      { type: "reasoning", summary: [{ type: "summary_text", text: "Hmm" }], status: "completed" },
      { type: "message", content: [{ type: "output_text", text: "Once upon" }] },
      {
        type: "function_call",
        id: expect.stringMatching(/^fc_/),
        call_id: "call_1",
        name: "add",
        arguments: '{"a":1}',
        status: "completed",
      },
    ]);
    // `done` carries the item as the completed response lists it.
    const done = events.filter((e) => e.data.type === "response.output_item.done");
    expect(done.map((e) => e.data.item)).toEqual(output);
  });

  it("a reply cut by max_output_tokens ends in response.incomplete; the limit is clamped, not refused", async () => {
    const { model, calls } = recording([textParts(["Once"], LENGTH)]);
    const response = await api(model)(
      post({ model: MODEL_ID, input: "Hi", stream: true, max_output_tokens: 1_000_000 }),
    );
    expect(response.status).toBe(200);
    expect(calls[0]?.maxOutputTokens).toBe(100);
    const events = await readNamedEvents(response);
    const last = events.at(-1)?.data;
    expect(last?.type).toBe("response.incomplete");
    expect(last?.response).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
      max_output_tokens: 100,
      output: [{ type: "message", status: "incomplete" }],
    });
  });

  it("a failure after the first output ends in response.failed, with the error, and is kept as failed", async () => {
    const { model } = recording([
      [
        { type: "stream-start", warnings: [] },
        { type: "text-delta", id: "t", delta: "Once" },
        {
          type: "error",
          error: new LlamaCppError({ code: "generation-failed", message: "The decoder broke." }),
        },
      ],
    ]);
    const handler = api(model);
    const response = await handler(post({ model: MODEL_ID, input: "Hi", stream: true }));
    const events = await readNamedEvents(response);
    expect(events.map((e) => e.data.type).slice(-4)).toEqual([
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.failed",
    ]);
    const last = events.at(-1)?.data;
    expect(last?.type).toBe("response.failed");
    const failed = last?.response as { id: string };
    expect(failed).toMatchObject({
      status: "failed",
      // The decoder's own words are the server's log's, not the client's.
      error: { code: "server_error", message: errorCodes.server_error.message },
      output: [{ type: "message", status: "incomplete" }],
    });
    const kept = await handler(get(`/v1/responses/${failed.id}`));
    expect(await kept.json()).toMatchObject({ status: "failed", error: { code: "server_error" } });
  });

  it("a failure before the first output is an HTTP error, not a 200 stream", async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => {
        throw new LlamaCppError({ code: "queue-full", message: "The model is busy." });
      },
    });
    const response = await api(model)(post({ model: MODEL_ID, input: "Hi", stream: true }));
    expect(response.status).toBe(429);
    expect((await response.json()).error.code).toBe("rate_limit_exceeded");
  });
});

describe("tools", () => {
  it("passes function tools on and skips the tools this server cannot run", async () => {
    const { model, calls } = recording([], [generatedText("ok")]);
    const response = await api(model)(
      post({
        model: MODEL_ID,
        input: "Run ls.",
        tools: [
          {
            type: "function",
            name: "exec_command",
            description: "Runs",
            parameters: { type: "object", properties: { cmd: { type: "string" } } },
            strict: false,
          },
          { type: "web_search" },
          {
            type: "namespace",
            name: "crm",
            description: "CRM",
            tools: [{ type: "function", name: "find" }],
          },
          { type: "custom", name: "apply_patch", format: { type: "grammar" } },
          { type: "file_search", vector_store_ids: ["vs_1"] },
          { type: "mcp", server_label: "x", server_url: "https://example.com" },
          { type: "local_shell" },
        ],
        tool_choice: "auto",
        parallel_tool_calls: false,
        include: ["reasoning.encrypted_content"],
        reasoning: { effort: "low", summary: "auto" },
        prompt_cache_key: "abc",
        client_metadata: { x: 1 },
        store: false,
      }),
    );
    expect(response.status).toBe(200);
    expect(calls[0]?.tools).toEqual([
      {
        type: "function",
        name: "exec_command",
        description: "Runs",
        inputSchema: { type: "object", properties: { cmd: { type: "string" } } },
      },
    ]);
    expect(calls[0]?.toolChoice).toEqual({ type: "auto" });
    expect(calls[0]?.reasoning).toBe("low");
    expect(calls[0]?.providerOptions?.llamaCpp).toMatchObject({ parallelToolCalls: false });
    const body = await response.json();
    expect(body.tools).toHaveLength(7);
  });

  it("maps tool_choice: required, named, allowed_tools; refuses one it cannot honour", async () => {
    const tools = [
      { type: "function", name: "a", parameters: { type: "object" } },
      { type: "function", name: "b" },
    ];
    const cases: Array<[unknown, unknown, string[]]> = [
      ["required", { type: "required" }, ["a", "b"]],
      [{ type: "function", name: "b" }, { type: "tool", toolName: "b" }, ["a", "b"]],
      [
        { type: "allowed_tools", mode: "required", tools: [{ type: "function", name: "a" }] },
        { type: "required" },
        ["a"],
      ],
    ];
    for (const [choice, expected, names] of cases) {
      const { model, calls } = recording([], [generatedText("ok")]);
      const response = await api(model)(
        post({ model: MODEL_ID, input: "x", tools, tool_choice: choice, store: false }),
      );
      expect(response.status).toBe(200);
      expect(calls[0]?.toolChoice).toEqual(expected);
      expect(calls[0]?.tools?.map((t) => t.name)).toEqual(names);
    }
    const refused: Array<[unknown, number, string]> = [
      [{ type: "web_search_preview" }, 400, "unsupported_value"],
      [{ type: "function", name: "nope" }, 400, "invalid_value"],
    ];
    for (const [choice, status, code] of refused) {
      const { model } = recording([], [generatedText("ok")]);
      const response = await api(model)(
        post({ model: MODEL_ID, input: "x", tools, tool_choice: choice }),
      );
      expect(response.status).toBe(status);
      expect((await response.json()).error).toMatchObject({ code, param: "tool_choice" });
    }
  });

  it("a function call round trip: the output answers the call by call_id", async () => {
    const { model, calls } = recording([], [generatedText("It is 3.")]);
    const response = await api(model)(
      post({
        model: MODEL_ID,
        store: false,
        input: [
          { role: "developer", content: "You add." },
          { type: "message", role: "user", content: [{ type: "input_text", text: "1+2?" }] },
          {
            type: "function_call",
            id: "fc_1",
            call_id: "call_9",
            name: "add",
            arguments: '{"a":1,"b":2}',
          },
          { type: "function_call_output", call_id: "call_9", output: "3" },
          { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "opaque" },
          { type: "web_search_call", id: "ws_1", status: "completed" },
        ],
      }),
    );
    expect(response.status).toBe(200);
    expect(calls[0]?.prompt).toEqual([
      { role: "system", content: "You add." },
      { role: "user", content: [{ type: "text", text: "1+2?" }] },
      {
        role: "assistant",
        content: [
          { type: "tool-call", toolCallId: "call_9", toolName: "add", input: { a: 1, b: 2 } },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "call_9",
            toolName: "add",
            output: { type: "text", value: "3" },
          },
        ],
      },
    ]);
  });

  it("an output answering no call is a 400 naming it", async () => {
    const { model } = recording([], [generatedText("x")]);
    const response = await api(model)(
      post({
        model: MODEL_ID,
        input: [{ type: "function_call_output", call_id: "call_x", output: "3" }],
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: "invalid_value",
      param: "input[0].call_id",
    });
  });
});

/** 70 KB of JSON schema. */
const BIG_SCHEMA = { type: "object", description: "x".repeat(70 * 1024) };

describe("request checks", () => {
  const cases: Array<[string, unknown, number, string, string | null]> = [
    ["no input", { model: MODEL_ID }, 400, "missing_required_parameter", "input"],
    ["empty input", { model: MODEL_ID, input: [] }, 400, "invalid_value", "input"],
    [
      "an image that is neither a data URL nor https",
      {
        model: MODEL_ID,
        input: [{ role: "user", content: [{ type: "input_image", image_url: "x" }] }],
      },
      400,
      "invalid_value",
      "input[0].content[0].image_url",
    ],
    [
      "an image, to the local model (text only)",
      {
        model: MODEL_ID,
        input: [
          {
            role: "user",
            content: [
              { type: "input_text", text: "Look:" },
              { type: "input_image", image_url: dataUrl("image/png", makePng(1, 1, [0, 0, 0])) },
            ],
          },
        ],
      },
      400,
      "unsupported_value",
      "input[0].content[1]",
    ],
    [
      "a PDF, to the local model (text only)",
      {
        model: MODEL_ID,
        input: [
          {
            role: "user",
            content: [{ type: "input_file", file_data: dataUrl("application/pdf", makePdf("x")) }],
          },
        ],
      },
      400,
      "unsupported_value",
      "input[0].content[0]",
    ],
    [
      "a file by id (no Files API here)",
      {
        model: MODEL_ID,
        input: [{ role: "user", content: [{ type: "input_file", file_id: "file-1" }] }],
      },
      400,
      "unsupported_value",
      "input[0].content[0].file_id",
    ],
    [
      "a file by address (never fetched)",
      {
        model: MODEL_ID,
        input: [
          {
            role: "user",
            content: [{ type: "input_file", file_url: "https://example.com/a.pdf" }],
          },
        ],
      },
      400,
      "unsupported_value",
      "input[0].content[0].file_url",
    ],
    [
      "a bad role",
      { model: MODEL_ID, input: [{ role: "tool", content: "x" }] },
      400,
      "invalid_value",
      "input[0].role",
    ],
    [
      "conversation",
      { model: MODEL_ID, input: "x", conversation: "conv_1" },
      400,
      "unsupported_parameter",
      "conversation",
    ],
    [
      "temperature 3",
      { model: MODEL_ID, input: "x", temperature: 3 },
      400,
      "invalid_value",
      "temperature",
    ],
    [
      "metadata of numbers",
      { model: MODEL_ID, input: "x", metadata: { a: 1 } },
      400,
      "invalid_type",
      "metadata.a",
    ],
    [
      "a function_call without call_id",
      { model: MODEL_ID, input: [{ type: "function_call", name: "a", arguments: "{}" }] },
      400,
      "missing_required_parameter",
      "input[0].call_id",
    ],
    [
      "an unknown previous_response_id",
      { model: MODEL_ID, input: "x", previous_response_id: "resp_nope" },
      400,
      "previous_response_not_found",
      "previous_response_id",
    ],
    [
      "an unknown item_reference",
      { model: MODEL_ID, input: [{ type: "item_reference", id: "msg_nope" }] },
      400,
      "invalid_value",
      "input[0].id",
    ],
    [
      "more tools than CHAT_API_MAX_TOOLS (128)",
      {
        model: MODEL_ID,
        input: "x",
        tools: Array.from({ length: 129 }, (_, i) => ({ type: "function", name: `f${i}` })),
      },
      400,
      "array_above_max_length",
      "tools",
    ],
    [
      "a tool schema past CHAT_API_MAX_TOOL_SCHEMA_BYTES (64 KB)",
      {
        model: MODEL_ID,
        input: "x",
        tools: [{ type: "function", name: "f", parameters: BIG_SCHEMA }],
      },
      400,
      "invalid_value",
      "tools[0].parameters",
    ],
    [
      "a text.format schema past CHAT_API_MAX_TOOL_SCHEMA_BYTES (64 KB)",
      {
        model: MODEL_ID,
        input: "x",
        text: { format: { type: "json_schema", name: "f", schema: BIG_SCHEMA } },
      },
      400,
      "invalid_value",
      "text.format.schema",
    ],
  ];
  it.each(cases)("%s", async (_name, body, status, code, param) => {
    const { model } = recording([], [generatedText("x")]);
    const response = await api(model)(post(body));
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatchObject({ code, param });
  });

  it("maps text.format json_schema to the model's JSON response format; unknown fields are ignored", async () => {
    const { model, calls } = recording([], [generatedText('{"a":1}')]);
    const schema = { type: "object", properties: { a: { type: "number" } } };
    const response = await api(model)(
      post({
        model: MODEL_ID,
        input: "x",
        text: {
          format: { type: "json_schema", name: "thing", schema, strict: true },
          verbosity: "low",
        },
        temperature: 0.5,
        top_p: 0.9,
        truncation: "auto",
        service_tier: "flex",
        some_future_field: { x: 1 },
        store: false,
      }),
    );
    expect(response.status).toBe(200);
    expect(calls[0]).toMatchObject({
      responseFormat: { type: "json", name: "thing", schema },
      temperature: 0.5,
      topP: 0.9,
      providerOptions: { llamaCpp: { overflow: "trim-oldest" } },
    });
  });
});

describe("stored responses", () => {
  it("previous_response_id continues the stored chain without resending it", async () => {
    const { model, calls } = recording(
      [],
      [generatedText("A cat."), generatedText("It purrs."), generatedText("The end.")],
    );
    const handler = api(model);
    const first = await (
      await handler(
        post({ model: MODEL_ID, instructions: "Be brief.", input: "Tell me about a cat." }),
      )
    ).json();
    const second = await (
      await handler(
        post({
          model: MODEL_ID,
          instructions: "Be brief.",
          input: "And then?",
          previous_response_id: first.id,
        }),
      )
    ).json();
    expect(second.previous_response_id).toBe(first.id);
    await handler(
      post({
        model: MODEL_ID,
        instructions: "Be brief.",
        input: "Finish.",
        previous_response_id: second.id,
      }),
    );
    const expected = [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Tell me about a cat." }] },
      { role: "assistant", content: [{ type: "text", text: "A cat." }] },
      { role: "user", content: [{ type: "text", text: "And then?" }] },
      { role: "assistant", content: [{ type: "text", text: "It purrs." }] },
      { role: "user", content: [{ type: "text", text: "Finish." }] },
    ];
    // Each turn's prompt extends the one before, as resending the history would.
    expect(calls[1]?.prompt).toEqual(expected.slice(0, 4));
    expect(calls[2]?.prompt).toEqual(expected);
  });

  it("input_items lists the chain's items and the response's input, newest first, in pages", async () => {
    const { model } = recording([], [generatedText("One."), generatedText("Two.")]);
    const handler = api(model);
    const first = await (await handler(post({ model: MODEL_ID, input: "a" }))).json();
    const second = await (
      await handler(
        post({
          model: MODEL_ID,
          input: [
            { role: "user", content: "b" },
            { role: "user", content: "c" },
          ],
          previous_response_id: first.id,
        }),
      )
    ).json();
    const page = await (
      await handler(get(`/v1/responses/${second.id}/input_items?limit=2`))
    ).json();
    const texts = (data: Array<{ content: Array<{ text: string }> }>) =>
      data.map((i) => i.content[0]?.text);
    expect(page).toMatchObject({ object: "list", has_more: true });
    expect(texts(page.data)).toEqual(["c", "b"]);
    expect(page.first_id).toBe(page.data[0].id);
    expect(page.last_id).toBe(page.data[1].id);
    const next = await (
      await handler(get(`/v1/responses/${second.id}/input_items?limit=2&after=${page.last_id}`))
    ).json();
    expect(texts(next.data)).toEqual(["One.", "a"]);
    expect(next.has_more).toBe(false);
    const asc = await (
      await handler(get(`/v1/responses/${second.id}/input_items?order=asc`))
    ).json();
    expect(texts(asc.data)).toEqual(["a", "One.", "b", "c"]);
    expect(asc.data[0]).toMatchObject({
      type: "message",
      role: "user",
      id: expect.stringMatching(/^msg_/),
      status: "completed",
    });
    const bad = await handler(get(`/v1/responses/${second.id}/input_items?limit=500`));
    expect(bad.status).toBe(400);
  });

  it("each key is its own owner of the model's prompt cache, as of its stored responses", async () => {
    const { model, calls } = recording([], [generatedText("x")]);
    const handler = api(model, { apiKeys: ["key-one", "key-two"] });
    for (const key of ["key-one", "key-two"]) {
      await handler(post({ model: MODEL_ID, input: "x" }, { authorization: `Bearer ${key}` }));
    }
    await api(model)(post({ model: MODEL_ID, input: "x" }));
    expect(calls.map((call) => call.providerOptions?.llamaCpp?.cacheOwner)).toEqual([
      operatorOwnerId("key-one"),
      operatorOwnerId("key-two"),
      "api",
    ]);
  });

  it("store: false keeps nothing; DELETE removes a response; another key sees none of them", async () => {
    const { model } = recording([], [generatedText("x")]);
    const handler = api(model, { apiKeys: ["key-one", "key-two"] });
    const one = { authorization: "Bearer key-one" };
    const two = { authorization: "Bearer key-two" };
    const unkept = await (
      await handler(post({ model: MODEL_ID, input: "x", store: false }, one))
    ).json();
    expect((await handler(get(`/v1/responses/${unkept.id}`, one))).status).toBe(404);
    const cont = await handler(
      post({ model: MODEL_ID, input: "y", previous_response_id: unkept.id }, one),
    );
    expect(cont.status).toBe(400);

    const kept = await (await handler(post({ model: MODEL_ID, input: "x" }, one))).json();
    expect((await handler(get(`/v1/responses/${kept.id}`, two))).status).toBe(404);
    const stolen = await handler(
      post({ model: MODEL_ID, input: "y", previous_response_id: kept.id }, two),
    );
    expect((await stolen.json()).error.code).toBe("previous_response_not_found");
    const removeOther = new Request(`http://localhost/v1/responses/${kept.id}`, {
      method: "DELETE",
      headers: two,
    });
    expect((await handler(removeOther)).status).toBe(404);
    const remove = new Request(`http://localhost/v1/responses/${kept.id}`, {
      method: "DELETE",
      headers: one,
    });
    const removed = await handler(remove);
    expect(await removed.json()).toEqual({ id: kept.id, object: "response", deleted: true });
    const gone = await handler(get(`/v1/responses/${kept.id}`, one));
    expect(gone.status).toBe(404);
    expect((await gone.json()).error).toMatchObject({
      code: "response_not_found",
      message: `Response with id '${kept.id}' not found.`,
    });
    const put = await handler(
      new Request(`http://localhost/v1/responses/${kept.id}`, { method: "PUT", headers: one }),
    );
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, DELETE");
  });

  it("item_reference brings back a stored item (the AI SDK sends them)", async () => {
    const { model, calls } = recording([], [generatedText("Hello!"), generatedText("Bye.")]);
    const handler = api(model);
    const first = await (await handler(post({ model: MODEL_ID, input: "Hi" }))).json();
    const replyId = first.output[0].id;
    const response = await handler(
      post({
        model: MODEL_ID,
        input: [
          { role: "user", content: "Hi" },
          { type: "item_reference", id: replyId },
          { role: "user", content: "Go" },
        ],
      }),
    );
    expect(response.status).toBe(200);
    expect(calls[1]?.prompt).toEqual([
      { role: "user", content: [{ type: "text", text: "Hi" }] },
      { role: "assistant", content: [{ type: "text", text: "Hello!" }] },
      { role: "user", content: [{ type: "text", text: "Go" }] },
    ]);
  });
});
