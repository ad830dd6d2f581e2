import {
  InvalidArgumentError,
  type LanguageModelV4CallOptions,
  type LanguageModelV4Prompt,
  type LanguageModelV4StreamPart,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import { convertReadableStreamToArray } from "@ai-sdk/provider-utils/test";
import { generateText, streamText } from "ai";
import { describe, expect, it, vi } from "vitest";
import { LlamaCppChatLanguageModel } from "./llama-cpp-chat-language-model";
import type {
  LlamaCppDevice,
  LlamaCppEngine,
  LlamaCppGenerateRequest,
  LlamaCppGenerateResult,
  LlamaCppPromptRequest,
  LlamaCppStopReason,
} from "./llama-cpp-engine";
import { LlamaCppError } from "./llama-cpp-error";
import { createLlamaCpp } from "./llama-cpp-provider";

type Reply = (request: LlamaCppGenerateRequest) => Promise<LlamaCppGenerateResult>;

/** Stands in for node-llama-cpp: records every request and answers with `reply`. */
class FakeEngine implements LlamaCppEngine {
  readonly modelName = "fake.gguf";
  readonly device = { backend: "cpu", names: [], gpuLayers: 0 } as const satisfies LlamaCppDevice;
  readonly requests: LlamaCppGenerateRequest[] = [];
  disposed = false;

  constructor(private readonly reply: Reply = answer({ chunks: ["Hello", " world"] })) {}

  generate(request: LlamaCppGenerateRequest): Promise<LlamaCppGenerateResult> {
    this.requests.push(request);
    return this.reply(request);
  }

  /** One token per character of every message: enough to see what was counted. */
  countPromptTokens(request: LlamaCppPromptRequest): number {
    this.counted.push(request);
    return request.messages
      .map((message) =>
        message.role === "assistant"
          ? message.items.map((item) => ("text" in item ? item.text : "")).join("")
          : message.text,
      )
      .join("").length;
  }

  readonly counted: LlamaCppPromptRequest[] = [];

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  get lastRequest(): LlamaCppGenerateRequest {
    const request = this.requests.at(-1);
    if (!request) throw new Error("the engine received no request");
    return request;
  }
}

const USAGE = { promptTokens: 12, cachedPromptTokens: 5, completionTokens: 3, reasoningTokens: 0 };

/** Streams `chunks` through onTextChunk, then resolves with their concatenation. */
function answer({
  chunks,
  stopReason = "eog",
  usage = USAGE,
}: {
  chunks: string[];
  stopReason?: LlamaCppStopReason;
  usage?: LlamaCppGenerateResult["usage"];
}): Reply {
  return async (request) => {
    for (const chunk of chunks) {
      await Promise.resolve();
      request.onTextChunk?.(chunk);
    }
    return { text: chunks.join(""), reasoning: "", functionCalls: [], stopReason, usage };
  };
}

/** Emits `chunks`, then generates "forever": settles only when the request's signal aborts. */
function untilAborted(chunks: string[] = ["Once"]): Reply {
  return (request) =>
    new Promise((_, reject) => {
      const signal = request.signal;
      if (!signal) throw new Error("the request has no abort signal");
      for (const chunk of chunks) request.onTextChunk?.(chunk);
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
}

function setup(engine = new FakeEngine()) {
  const loadEngine = vi.fn(async (_modelId: string): Promise<LlamaCppEngine> => engine);
  const provider = createLlamaCpp({ loadEngine });
  return { engine, loadEngine, provider, model: provider("fake-model") };
}

const userPrompt = (text = "Hi"): LanguageModelV4Prompt => [
  { role: "user", content: [{ type: "text", text }] },
];

const callOptions = (
  overrides: Partial<LanguageModelV4CallOptions> = {},
): LanguageModelV4CallOptions => ({ prompt: userPrompt(), ...overrides });

/** Reads a stream to its end or its error, keeping the parts that arrived before an error. */
async function readAll<T>(stream: ReadableStream<T>): Promise<{ parts: T[]; error?: unknown }> {
  const parts: T[] = [];
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return { parts };
      parts.push(value);
    }
  } catch (error) {
    return { parts, error };
  }
}

describe("prompt conversion", () => {
  it("passes system, user and assistant text to the engine in order", async () => {
    const { engine, model } = setup();
    await model.doGenerate({
      prompt: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "Tell me " },
            { type: "text", text: "a story." },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "the user wants a story" },
            { type: "text", text: "Once upon a time." },
          ],
        },
        { role: "user", content: [{ type: "text", text: "Another." }] },
      ],
    });
    expect(engine.lastRequest.messages).toEqual([
      { role: "system", text: "Be brief." },
      { role: "user", text: "Tell me a story." },
      // Thinking goes back as the model wrote it; the chat format decides whether it shows.
      {
        role: "assistant",
        items: [
          { type: "reasoning", text: "the user wants a story" },
          { type: "text", text: "Once upon a time." },
        ],
      },
      { role: "user", text: "Another." },
    ]);
  });

  it("rejects a file part with UnsupportedFunctionalityError before reaching the engine", async () => {
    const { engine, model } = setup();
    const call = model.doGenerate({
      prompt: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            {
              type: "file",
              mediaType: "image/png",
              data: { type: "data", data: new Uint8Array([1, 2, 3]) },
            },
          ],
        },
      ],
    });
    await expect(call).rejects.toSatisfy(
      (error) =>
        UnsupportedFunctionalityError.isInstance(error) && error.functionality === "file parts",
    );
    expect(engine.requests).toHaveLength(0);
  });

  it("turns a run of assistant and tool messages into one model turn, each call with its result", async () => {
    const { engine, model } = setup();
    await model.doGenerate({
      prompt: [
        ...userPrompt("What is 1 + 2, and the weather?"),
        {
          role: "assistant",
          content: [
            { type: "text", text: "Let me see." },
            { type: "tool-call", toolCallId: "c1", toolName: "add", input: '{ "a": 1, "b": 2 }' },
            { type: "tool-call", toolCallId: "c2", toolName: "weather", input: { city: "Oslo" } },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "add",
              output: { type: "json", value: 3 },
            },
            {
              type: "tool-result",
              toolCallId: "c2",
              toolName: "weather",
              output: { type: "text", value: "sunny" },
            },
          ],
        },
      ],
    });
    expect(engine.lastRequest.messages.at(-1)).toEqual({
      role: "assistant",
      items: [
        { type: "text", text: "Let me see." },
        // The arguments exactly as the model wrote them, so the turn renders as it was.
        { type: "function-call", name: "add", paramsText: '{ "a": 1, "b": 2 }', result: "3" },
        { type: "function-call", name: "weather", paramsText: '{"city":"Oslo"}', result: "sunny" },
      ],
    });
  });

  it("refuses a tool call without a result and a result for no call, before the engine", async () => {
    const { engine, model } = setup();
    const unanswered = model.doGenerate({
      prompt: [
        ...userPrompt("What is the weather?"),
        {
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "weather", input: {} }],
        },
      ],
    });
    await expect(unanswered).rejects.toThrow("The tool calls c1 have no result");
    const orphan = model.doGenerate({
      prompt: [
        ...userPrompt("What is the weather?"),
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c9",
              toolName: "weather",
              output: { type: "text", value: "sunny" },
            },
          ],
        },
      ],
    });
    await expect(orphan).rejects.toThrow("answers the call c9, which no assistant message made");
    expect(engine.requests).toHaveLength(0);
  });
});

describe("call options", () => {
  it("maps every sampling option into the engine request", async () => {
    const { engine, model } = setup();
    await model.doGenerate(
      callOptions({
        maxOutputTokens: 42,
        temperature: 0.7,
        topP: 0.9,
        topK: 30,
        seed: 1234,
        stopSequences: ["THE END", "\n\n"],
        presencePenalty: 0.2,
        frequencyPenalty: 0.3,
        providerOptions: { llamaCpp: { minP: 0.05, repeatPenalty: 1.1 } },
      }),
    );
    const { signal: _signal, onTextChunk: _onTextChunk, ...request } = engine.lastRequest;
    expect(request).toEqual({
      messages: [{ role: "user", text: "Hi" }],
      cacheOwner: "",
      maxTokens: 42,
      sampling: {
        temperature: 0.7,
        topP: 0.9,
        topK: 30,
        minP: 0.05,
        seed: 1234,
        presencePenalty: 0.2,
        frequencyPenalty: 0.3,
        repeatPenalty: 1.1,
      },
      stopSequences: ["THE END", "\n\n"],
      json: undefined,
    });
  });

  it("leaves unset options unset, with no stop sequences and no JSON constraint", async () => {
    const { engine, model } = setup();
    await model.doGenerate(callOptions());
    const request = engine.lastRequest;
    expect(request.maxTokens).toBeUndefined();
    expect(Object.values(request.sampling).every((value) => value === undefined)).toBe(true);
    expect(request.stopSequences).toEqual([]);
    expect(request.json).toBeUndefined();
    // doGenerate delivers no chunks.
    expect(request.onTextChunk).toBeUndefined();
  });

  it("maps responseFormat json, with and without a schema, to a JSON constraint", async () => {
    const { engine, model } = setup();
    const schema = {
      type: "object",
      properties: { name: { type: "string" } },
      required: ["name"],
    } as const;
    await model.doGenerate(callOptions({ responseFormat: { type: "json", schema } }));
    expect(engine.lastRequest.json).toEqual({ schema });

    await model.doGenerate(callOptions({ responseFormat: { type: "json" } }));
    expect(engine.lastRequest.json).toEqual({ schema: undefined });

    await model.doGenerate(callOptions({ responseFormat: { type: "text" } }));
    expect(engine.lastRequest.json).toBeUndefined();
  });

  it("rejects invalid llamaCpp provider options", async () => {
    const { engine, model } = setup();
    await expect(
      model.doGenerate(callOptions({ providerOptions: { llamaCpp: { minP: 2 } } })),
    ).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    expect(engine.requests).toHaveLength(0);
  });

  it("passes the caller's abort signal to the engine in doGenerate", async () => {
    const { engine, model } = setup(new FakeEngine(untilAborted()));
    const controller = new AbortController();
    const call = model.doGenerate(callOptions({ abortSignal: controller.signal }));
    await vi.waitFor(() => expect(engine.requests).toHaveLength(1));
    const reason = new Error("user left");
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(engine.lastRequest.signal?.aborted).toBe(true);
  });
});

describe("tools", () => {
  const tools: NonNullable<LanguageModelV4CallOptions["tools"]> = [
    {
      type: "function",
      name: "weather",
      description: "Weather in a city",
      inputSchema: { type: "object", properties: { city: { type: "string" } } },
    },
    { type: "function", name: "now", inputSchema: { type: "object", properties: {} } },
  ];
  const functions = {
    weather: {
      description: "Weather in a city",
      params: { type: "object", properties: { city: { type: "string" } } },
    },
    now: { description: undefined, params: { type: "object", properties: {} } },
  };

  it.each([
    ["no choice", undefined, "auto"],
    ["auto", { type: "auto" }, "auto"],
    ["required", { type: "required" }, "required"],
    ["a named tool", { type: "tool", toolName: "now" }, { name: "now" }],
  ] as const)("maps %s to the engine's choice", async (_name, toolChoice, choice) => {
    const { engine, model } = setup();
    const result = await model.doGenerate(callOptions({ tools, toolChoice }));
    expect(engine.lastRequest.tools).toEqual({ functions, choice });
    expect(result.warnings).toEqual([]);
  });

  it("none means no tools; parallelToolCalls false means one call", async () => {
    const { engine, model } = setup();
    await model.doGenerate(callOptions({ tools, toolChoice: { type: "none" } }));
    expect(engine.lastRequest.tools).toBeUndefined();
    await model.doGenerate(
      callOptions({ tools, providerOptions: { llamaCpp: { parallelToolCalls: false } } }),
    );
    expect(engine.lastRequest.tools?.maxCalls).toBe(1);
  });

  it("refuses JSON output together with tools, and a choice naming no tool", async () => {
    const { engine, model } = setup();
    await expect(
      model.doGenerate(callOptions({ tools, responseFormat: { type: "json" } })),
    ).rejects.toSatisfy((error) => UnsupportedFunctionalityError.isInstance(error));
    await expect(
      model.doGenerate(callOptions({ tools, toolChoice: { type: "tool", toolName: "nope" } })),
    ).rejects.toSatisfy((error) => UnsupportedFunctionalityError.isInstance(error));
    expect(engine.requests).toHaveLength(0);
  });

  /** The engine calls `weather` twice, streaming each call's arguments in two pieces. */
  const calling: Reply = async (request) => {
    const calls = [
      ['{"city": ', '"Oslo"}'],
      ['{"city": ', '"Rome"}'],
    ];
    for (const [index, pieces] of calls.entries()) {
      for (const paramsText of pieces) {
        await Promise.resolve();
        request.onFunctionCallChunk?.({ index, name: "weather", paramsText });
      }
    }
    return {
      text: "",
      reasoning: "",
      functionCalls: calls.map((pieces) => ({ name: "weather", paramsText: pieces.join("") })),
      stopReason: "function-calls",
      usage: USAGE,
    };
  };

  it("returns calls as tool-call content with ids of ours, and finish reason tool-calls", async () => {
    const ids = ["a", "b", "c", "d"];
    const engine = new FakeEngine(calling);
    const model = new LlamaCppChatLanguageModel("fake.gguf", {
      provider: "llama-cpp.chat",
      engine: async () => engine,
      generateId: () => ids.shift() ?? "z",
    });
    const result = await model.doGenerate(callOptions({ tools }));
    const id = expect.stringMatching(/^call_[a-d]$/);
    expect(result.content).toEqual([
      { type: "tool-call", toolCallId: id, toolName: "weather", input: '{"city": "Oslo"}' },
      { type: "tool-call", toolCallId: id, toolName: "weather", input: '{"city": "Rome"}' },
    ]);
    const [first, second] = result.content.map((part) =>
      part.type === "tool-call" ? part.toolCallId : "",
    );
    expect(first).not.toBe(second);
    expect(result.finishReason).toEqual({ unified: "tool-calls", raw: "function-calls" });
  });

  it("streams each call: tool-input-start, its deltas, tool-input-end, then tool-call", async () => {
    const { model } = setup(new FakeEngine(calling));
    const { stream } = await model.doStream(callOptions({ tools }));
    const parts = (await convertReadableStreamToArray(stream)).filter(
      (part) => part.type.startsWith("tool-") || part.type === "finish",
    );
    const ids = parts.flatMap((part) => (part.type === "tool-input-start" ? [part.id] : []));
    expect(ids).toHaveLength(2);
    const [oslo, rome] = ids;
    expect(parts.map((part) => ({ ...part, usage: undefined, finishReason: undefined }))).toEqual(
      [
        { type: "tool-input-start", id: oslo, toolName: "weather" },
        { type: "tool-input-delta", id: oslo, delta: '{"city": ' },
        { type: "tool-input-delta", id: oslo, delta: '"Oslo"}' },
        { type: "tool-input-start", id: rome, toolName: "weather" },
        { type: "tool-input-delta", id: rome, delta: '{"city": ' },
        { type: "tool-input-delta", id: rome, delta: '"Rome"}' },
        { type: "tool-input-end", id: oslo },
        { type: "tool-call", toolCallId: oslo, toolName: "weather", input: '{"city": "Oslo"}' },
        { type: "tool-input-end", id: rome },
        { type: "tool-call", toolCallId: rome, toolName: "weather", input: '{"city": "Rome"}' },
        { type: "finish", providerMetadata: undefined },
      ].map((part) => ({ ...part, usage: undefined, finishReason: undefined })),
    );
  });
});

describe("reasoning", () => {
  /** Thinks in two pieces, then answers. */
  const thinking: Reply = async (request) => {
    for (const piece of ["The user ", "wants a story."]) {
      await Promise.resolve();
      request.onReasoningChunk?.(piece);
    }
    request.onTextChunk?.("Once upon a time.");
    return {
      text: "Once upon a time.",
      reasoning: "The user wants a story.",
      functionCalls: [],
      stopReason: "eog",
      usage: { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 12, reasoningTokens: 7 },
    };
  };

  it("streams thinking as a reasoning block before the text, and counts its tokens", async () => {
    const { model } = setup(new FakeEngine(thinking));
    const { stream } = await model.doStream(callOptions());
    const parts = await convertReadableStreamToArray(stream);
    expect(parts.filter((part) => part.type !== "response-metadata").slice(1)).toEqual([
      { type: "reasoning-start", id: "reasoning-0" },
      { type: "reasoning-delta", id: "reasoning-0", delta: "The user " },
      { type: "reasoning-delta", id: "reasoning-0", delta: "wants a story." },
      { type: "reasoning-end", id: "reasoning-0" },
      { type: "text-start", id: "text-0" },
      { type: "text-delta", id: "text-0", delta: "Once upon a time." },
      { type: "text-end", id: "text-0" },
      {
        type: "finish",
        finishReason: { unified: "stop", raw: "eog" },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: undefined },
          outputTokens: { total: 12, text: 5, reasoning: 7 },
        },
        providerMetadata: undefined,
      },
    ]);
  });

  it("returns thinking as reasoning content before the text", async () => {
    const { model } = setup(new FakeEngine(thinking));
    const result = await model.doGenerate(callOptions());
    expect(result.content).toEqual([
      { type: "reasoning", text: "The user wants a story." },
      { type: "text", text: "Once upon a time." },
    ]);
  });

  it.each([
    ["nothing said", {}, undefined],
    ["effort none", { reasoning: "none" }, { mode: "off" }],
    ["effort minimal", { reasoning: "minimal" }, { mode: "off" }],
    ["effort high", { reasoning: "high" }, { mode: "default" }],
    ["thinking off", { providerOptions: { llamaCpp: { thinking: "off" } } }, { mode: "off" }],
    [
      "a thinking budget, over the effort",
      { reasoning: "none", providerOptions: { llamaCpp: { thinking: 64 } } },
      { mode: "budget", tokens: 64 },
    ],
  ] as const)("asks the engine: %s", async (_name, options, reasoning) => {
    const { engine, model } = setup();
    await model.doGenerate(callOptions(options as Partial<LanguageModelV4CallOptions>));
    expect(engine.lastRequest.reasoning).toEqual(reasoning);
  });

  it("uses the provider's default when a call says nothing", async () => {
    const engine = new FakeEngine();
    const provider = createLlamaCpp({
      loadEngine: async () => engine,
      defaultReasoning: { mode: "budget", tokens: 100 },
    });
    await provider("fake.gguf").doGenerate(callOptions());
    expect(engine.lastRequest.reasoning).toEqual({ mode: "budget", tokens: 100 });
    await provider("fake.gguf").doGenerate(callOptions({ reasoning: "none" }));
    expect(engine.lastRequest.reasoning).toEqual({ mode: "off" });
  });
});

describe("doGenerate results", () => {
  it.each<[LlamaCppStopReason, "stop" | "length" | "other"]>([
    ["eog", "stop"],
    ["stop-sequence", "stop"],
    ["max-tokens", "length"],
    ["other", "other"],
  ])("maps the engine's stop reason %s to finish reason %s", async (stopReason, unified) => {
    const { model } = setup(new FakeEngine(answer({ chunks: ["x"], stopReason })));
    const result = await model.doGenerate(callOptions());
    expect(result.finishReason).toEqual({ unified, raw: stopReason });
  });

  it("returns the text, the usage split into cached and uncached input, and response metadata", async () => {
    const usage = {
      promptTokens: 40,
      cachedPromptTokens: 32,
      completionTokens: 7,
      reasoningTokens: 0,
    };
    const { model } = setup(new FakeEngine(answer({ chunks: ["Once ", "upon"], usage })));
    const before = Date.now();
    const result = await model.doGenerate(callOptions());
    expect(result.content).toEqual([{ type: "text", text: "Once upon" }]);
    expect(result.usage).toEqual({
      inputTokens: { total: 40, noCache: 8, cacheRead: 32, cacheWrite: undefined },
      outputTokens: { total: 7, text: 7, reasoning: 0 },
    });
    expect(result.response?.modelId).toBe("fake-model");
    expect(result.response?.id).toEqual(expect.any(String));
    expect(result.response?.timestamp?.getTime()).toBeGreaterThanOrEqual(before);
    expect(result.request?.body).toMatchObject({ messages: [{ role: "user", text: "Hi" }] });
  });

  it("returns no content parts for an empty reply", async () => {
    const { model } = setup(new FakeEngine(answer({ chunks: [], stopReason: "eog" })));
    const result = await model.doGenerate(callOptions());
    expect(result.content).toEqual([]);
  });

  it("rejects with the engine's error", async () => {
    const failure = new LlamaCppError({ code: "generation-failed", message: "boom" });
    const { model } = setup(new FakeEngine(() => Promise.reject(failure)));
    await expect(model.doGenerate(callOptions())).rejects.toBe(failure);
  });
});

describe("doStream", () => {
  it("streams a waiting request's place in the queue as raw chunks, when raw chunks are asked for", async () => {
    const queued: Reply = async (request) => {
      request.onQueued?.(2);
      await Promise.resolve();
      request.onQueued?.(1);
      return answer({ chunks: ["Once"] })(request);
    };
    const { model } = setup(new FakeEngine(queued));
    const { stream } = await model.doStream(callOptions({ includeRawChunks: true }));
    const parts = await convertReadableStreamToArray(stream);
    expect(parts.flatMap((part) => (part.type === "raw" ? [part.rawValue] : []))).toEqual([
      { type: "queue-place", place: 2 },
      { type: "queue-place", place: 1 },
    ]);
    expect(parts.findIndex((part) => part.type === "raw")).toBeLessThan(
      parts.findIndex((part) => part.type === "text-delta"),
    );

    const { model: quiet } = setup(new FakeEngine(queued));
    const plain = await convertReadableStreamToArray((await quiet.doStream(callOptions())).stream);
    expect(plain.some((part) => part.type === "raw")).toBe(false);
  });

  it("emits stream-start, response-metadata, text-start, the deltas, text-end and finish", async () => {
    const usage = {
      promptTokens: 9,
      cachedPromptTokens: 0,
      completionTokens: 3,
      reasoningTokens: 0,
    };
    const { model } = setup(
      new FakeEngine(
        answer({ chunks: ["Once", " upon", " a time"], stopReason: "max-tokens", usage }),
      ),
    );
    const { stream, request } = await model.doStream(callOptions({ maxOutputTokens: 3 }));
    expect(request?.body).toMatchObject({ maxTokens: 3 });
    const parts = await convertReadableStreamToArray(stream);

    expect(parts.map((part) => part.type)).toEqual([
      "stream-start",
      "response-metadata",
      "text-start",
      "text-delta",
      "text-delta",
      "text-delta",
      "text-end",
      "finish",
    ]);
    expect(parts[1]).toMatchObject({ modelId: "fake-model", id: expect.any(String) });
    const deltas = parts.flatMap((part) => (part.type === "text-delta" ? [part] : []));
    expect(deltas.map((part) => part.delta)).toEqual(["Once", " upon", " a time"]);
    // One text block: every text part shares the id of text-start.
    const textIds = parts.flatMap((part) =>
      part.type === "text-start" || part.type === "text-delta" || part.type === "text-end"
        ? [part.id]
        : [],
    );
    expect(new Set(textIds).size).toBe(1);
    expect(parts.at(-1)).toEqual({
      type: "finish",
      finishReason: { unified: "length", raw: "max-tokens" },
      usage: {
        inputTokens: { total: 9, noCache: 9, cacheRead: 0, cacheWrite: undefined },
        outputTokens: { total: 3, text: 3, reasoning: 0 },
      },
    });
  });

  it("emits no text block for an empty reply", async () => {
    const { model } = setup(new FakeEngine(answer({ chunks: [] })));
    const { stream } = await model.doStream(callOptions());
    const parts = await convertReadableStreamToArray(stream);
    expect(parts.map((part) => part.type)).toEqual(["stream-start", "response-metadata", "finish"]);
  });

  it("aborts the engine's signal when the consumer cancels the stream", async () => {
    const { engine, model } = setup(new FakeEngine(untilAborted(["Once"])));
    const { stream } = await model.doStream(callOptions());
    const reader = stream.getReader();
    const seen: LanguageModelV4StreamPart["type"][] = [];
    while (!seen.includes("text-delta")) {
      const { value } = await reader.read();
      if (value) seen.push(value.type);
    }
    const signal = engine.lastRequest.signal;
    expect(signal?.aborted).toBe(false);

    await reader.cancel("consumer went away");
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe("consumer went away");
  });

  it("aborts the engine when the caller's abort signal fires, and errors the stream with its reason", async () => {
    const { engine, model } = setup(new FakeEngine(untilAborted(["Once"])));
    const controller = new AbortController();
    const { stream } = await model.doStream(callOptions({ abortSignal: controller.signal }));
    const reader = stream.getReader();
    // stream-start, response-metadata, text-start, text-delta
    for (let i = 0; i < 4; i++) await reader.read();

    const reason = new Error("stop generating");
    controller.abort(reason);
    expect(engine.lastRequest.signal?.aborted).toBe(true);
    await expect(reader.read()).rejects.toBe(reason);
  });

  it("starts already aborted when the caller's signal aborted before the call", async () => {
    const { engine, model } = setup(new FakeEngine(untilAborted([])));
    const controller = new AbortController();
    const reason = new Error("too late");
    controller.abort(reason);
    const { stream } = await model.doStream(callOptions({ abortSignal: controller.signal }));
    const { error } = await readAll(stream);
    expect(error).toBe(reason);
    expect(engine.lastRequest.signal?.aborted).toBe(true);
  });

  it("stops listening to the caller's signal once the stream has finished", async () => {
    const { engine, model } = setup();
    const controller = new AbortController();
    const { stream } = await model.doStream(callOptions({ abortSignal: controller.signal }));
    await convertReadableStreamToArray(stream);
    controller.abort();
    expect(engine.lastRequest.signal?.aborted).toBe(false);
  });

  it("errors the stream with the engine's error, after the parts that came before it", async () => {
    const failure = new LlamaCppError({ code: "generation-failed", message: "decode failed" });
    let fail: () => void = () => {};
    const failed = new Promise<void>((resolve) => {
      fail = resolve;
    });
    const { model } = setup(
      new FakeEngine(async (request) => {
        request.onTextChunk?.("Once");
        await failed;
        throw failure;
      }),
    );
    const { stream } = await model.doStream(callOptions());
    const reader = stream.getReader();
    const parts: LanguageModelV4StreamPart["type"][] = [];
    for (let i = 0; i < 4; i++) {
      const { value } = await reader.read();
      if (value) parts.push(value.type);
    }
    expect(parts).toEqual(["stream-start", "response-metadata", "text-start", "text-delta"]);

    fail();
    await expect(reader.read()).rejects.toBe(failure);
  });

  it("rejects doStream itself when the model cannot load", async () => {
    const failure = new LlamaCppError({ code: "model-not-found", message: "no such file" });
    const provider = createLlamaCpp({ loadEngine: () => Promise.reject(failure) });
    await expect(provider("missing.gguf").doStream(callOptions())).rejects.toBe(failure);
  });
});

describe("engine loading", () => {
  it("loads each model id once, shared by every call and by concurrent first calls", async () => {
    const engines = new Map<string, FakeEngine>();
    const loadEngine = vi.fn(async (modelId: string) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const engine = new FakeEngine();
      engines.set(modelId, engine);
      return engine;
    });
    const provider = createLlamaCpp({ loadEngine });

    await Promise.all([
      provider("a.gguf").doGenerate(callOptions()),
      provider("a.gguf").doGenerate(callOptions()),
    ]);
    const { stream } = await provider.chatModel("a.gguf").doStream(callOptions());
    await convertReadableStreamToArray(stream);
    expect(loadEngine).toHaveBeenCalledTimes(1);
    expect(engines.get("a.gguf")?.requests).toHaveLength(3);

    await provider("b.gguf").doGenerate(callOptions());
    expect(loadEngine.mock.calls.map(([modelId]) => modelId)).toEqual(["a.gguf", "b.gguf"]);
    expect(engines.get("b.gguf")?.requests).toHaveLength(1);
  });

  it("retries a failed load on the next call, then keeps the loaded engine", async () => {
    const engine = new FakeEngine();
    const failure = new LlamaCppError({ code: "model-load-failed", message: "out of memory" });
    const loadEngine = vi
      .fn<(modelId: string) => Promise<LlamaCppEngine>>()
      .mockRejectedValueOnce(failure)
      .mockResolvedValue(engine);
    const model = createLlamaCpp({ loadEngine })("flaky.gguf");

    await expect(model.doGenerate(callOptions())).rejects.toBe(failure);
    await expect(model.doGenerate(callOptions())).resolves.toMatchObject({
      content: [{ type: "text", text: "Hello world" }],
    });
    await model.doGenerate(callOptions());
    expect(loadEngine).toHaveBeenCalledTimes(2);
    expect(engine.requests).toHaveLength(2);
  });

  it("load() loads the engine ahead of the first request, once, and reports a failed load", async () => {
    const { engine, loadEngine, model } = setup();
    if (!(model instanceof LlamaCppChatLanguageModel)) throw new Error("not our model class");
    await model.load();
    await model.load();
    expect(loadEngine).toHaveBeenCalledTimes(1);
    expect(engine.requests).toHaveLength(0);
    await model.doGenerate(callOptions());
    expect(loadEngine).toHaveBeenCalledTimes(1);

    const failure = new LlamaCppError({ code: "model-not-found", message: "no such file" });
    const broken = createLlamaCpp({ loadEngine: () => Promise.reject(failure) })("missing.gguf");
    if (!(broken instanceof LlamaCppChatLanguageModel)) throw new Error("not our model class");
    await expect(broken.load()).rejects.toBe(failure);
  });

  it("dispose frees every loaded engine, and a later call loads again", async () => {
    const { engine, loadEngine, provider, model } = setup();
    await model.doGenerate(callOptions());
    await provider.dispose();
    expect(engine.disposed).toBe(true);

    await model.doGenerate(callOptions());
    expect(loadEngine).toHaveBeenCalledTimes(2);
  });
});

describe("through the AI SDK", () => {
  it("generateText returns the engine's text, finish reason and usage", async () => {
    const { engine, model } = setup(
      new FakeEngine(
        answer({
          chunks: ["The ", "end."],
          stopReason: "stop-sequence",
          usage: {
            promptTokens: 20,
            cachedPromptTokens: 15,
            completionTokens: 2,
            reasoningTokens: 0,
          },
        }),
      ),
    );
    const result = await generateText({
      model,
      instructions: "You tell stories.",
      prompt: "Finish the story.",
      temperature: 0,
      stopSequences: ["!"],
    });
    expect(result.text).toBe("The end.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBe(20);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(15);
    expect(result.usage.inputTokenDetails.noCacheTokens).toBe(5);
    expect(result.usage.outputTokens).toBe(2);
    expect(engine.lastRequest.messages).toEqual([
      { role: "system", text: "You tell stories." },
      { role: "user", text: "Finish the story." },
    ]);
    expect(engine.lastRequest.stopSequences).toEqual(["!"]);
    expect(engine.lastRequest.sampling.temperature).toBe(0);
  });

  it("streamText streams the engine's chunks as text deltas", async () => {
    const { model } = setup(
      new FakeEngine(
        answer({ chunks: ["Once", " upon", " a", " time"], stopReason: "max-tokens" }),
      ),
    );
    const result = streamText({ model, prompt: "Tell me a story." });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas).toEqual(["Once", " upon", " a", " time"]);
    expect(await result.text).toBe("Once upon a time");
    expect(await result.finishReason).toBe("length");
    expect((await result.usage).outputTokens).toBe(USAGE.completionTokens);
  });
});

describe("shortenReplyToFit", () => {
  it("tells the engine that maxOutputTokens is a ceiling only when asked", async () => {
    const { engine, model } = setup();
    await model.doGenerate(
      callOptions({
        maxOutputTokens: 50,
        providerOptions: { llamaCpp: { shortenReplyToFit: true } },
      }),
    );
    expect(engine.lastRequest).toMatchObject({ maxTokens: 50, shortenToFit: true });
    await model.doGenerate(callOptions({ maxOutputTokens: 50 }));
    expect(engine.lastRequest.shortenToFit).toBeUndefined();
  });
});

describe("cache owner", () => {
  it("passes providerOptions.llamaCpp.cacheOwner to the engine; absent is the anonymous owner", async () => {
    const { engine, model } = setup();
    await model.doGenerate(
      callOptions({ providerOptions: { llamaCpp: { cacheOwner: "key:ab12" } } }),
    );
    expect(engine.lastRequest.cacheOwner).toBe("key:ab12");
    await model.doStream(callOptions({ providerOptions: { llamaCpp: { cacheOwner: "owner-2" } } }));
    await vi.waitFor(() => expect(engine.lastRequest.cacheOwner).toBe("owner-2"));
    await model.doGenerate(callOptions());
    expect(engine.lastRequest.cacheOwner).toBe("");
    await expect(
      model.doGenerate(callOptions({ providerOptions: { llamaCpp: { cacheOwner: 7 } } })),
    ).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
  });
});

describe("overflow: trim-oldest", () => {
  const trimmed: Reply = async () => ({
    text: "ok",
    reasoning: "",
    functionCalls: [],
    stopReason: "eog",
    usage: USAGE,
    droppedMessages: 4,
  });

  it("passes the overflow provider option to the engine, and leaves it unset by default", async () => {
    const { engine, model } = setup();
    await model.doGenerate(
      callOptions({ providerOptions: { llamaCpp: { overflow: "trim-oldest" } } }),
    );
    expect(engine.lastRequest.overflow).toBe("trim-oldest");
    await model.doGenerate(callOptions());
    expect(engine.lastRequest.overflow).toBeUndefined();
    await expect(
      model.doGenerate(callOptions({ providerOptions: { llamaCpp: { overflow: "shift" } } })),
    ).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
  });

  it("reports the dropped messages as providerMetadata.llamaCpp, whole and streamed", async () => {
    const { model } = setup(new FakeEngine(trimmed));
    const result = await model.doGenerate(callOptions());
    expect(result.providerMetadata).toEqual({ llamaCpp: { droppedMessages: 4 } });

    const { stream } = await model.doStream(callOptions());
    const finish = (await convertReadableStreamToArray(stream)).at(-1);
    expect(finish).toMatchObject({
      type: "finish",
      providerMetadata: { llamaCpp: { droppedMessages: 4 } },
    });
  });

  it("reports no provider metadata when the engine did not trim", async () => {
    const { model } = setup();
    expect((await model.doGenerate(callOptions())).providerMetadata).toBeUndefined();
  });
});

describe("countPromptTokens", () => {
  it("counts the prompt the call options make, with their tools and thinking mode", async () => {
    const { engine, model } = setup();
    const weather = {
      type: "function" as const,
      name: "weather",
      inputSchema: { type: "object", properties: { city: { type: "string" } } },
    };
    const count = await (model as LlamaCppChatLanguageModel).countPromptTokens(
      callOptions({
        prompt: [
          { role: "system", content: "Be brief." },
          { role: "user", content: [{ type: "text", text: "Hi" }] },
        ],
        tools: [weather],
        toolChoice: { type: "required" },
        reasoning: "none",
      }),
    );
    expect(count).toBe("Be brief.Hi".length);
    expect(engine.counted).toMatchObject([
      {
        messages: [
          { role: "system", text: "Be brief." },
          { role: "user", text: "Hi" },
        ],
        tools: {
          functions: { weather: { description: undefined, params: weather.inputSchema } },
          choice: "required",
        },
        reasoning: { mode: "off" },
      },
    ]);
    // Counting generates nothing.
    expect(engine.requests).toEqual([]);
  });
});

describe("stop sequences", () => {
  const stopped: Reply = async () => ({
    text: "Once upon",
    reasoning: "",
    functionCalls: [],
    stopReason: "stop-sequence",
    stopSequence: " a",
    usage: USAGE,
  });

  it("reports which stop sequence ended the reply as providerMetadata.llamaCpp, whole and streamed", async () => {
    const { model } = setup(new FakeEngine(stopped));
    const result = await model.doGenerate(callOptions({ stopSequences: ["x", " a"] }));
    expect(result.finishReason).toEqual({ unified: "stop", raw: "stop-sequence" });
    expect(result.providerMetadata).toEqual({ llamaCpp: { stopSequence: " a" } });

    const { stream } = await model.doStream(callOptions({ stopSequences: ["x", " a"] }));
    const finish = (await convertReadableStreamToArray(stream)).at(-1);
    expect(finish).toMatchObject({
      type: "finish",
      providerMetadata: { llamaCpp: { stopSequence: " a" } },
    });
  });
});
