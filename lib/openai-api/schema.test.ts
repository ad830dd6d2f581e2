import { describe, expect, it } from "vitest";
import { OpenAIApiError } from "./openai-api-error";
import { createChatCompletionRequestParser, formatPath } from "./parse-chat-completion-request";

/** Every rule of the request schema: what passes, and the field and code each refusal names. */

const parse = createChatCompletionRequestParser({ maxMessages: 4 }, 1000);

const user = (content: unknown) => ({ role: "user", content });
const base = { model: "m", messages: [user("Hi")] };

async function refusal(body: unknown) {
  try {
    await parse(new Request("http://x", { method: "POST", body: JSON.stringify(body) }));
  } catch (error) {
    if (OpenAIApiError.isInstance(error)) return error.toBody().error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

const parsed = (body: unknown) =>
  parse(new Request("http://x", { method: "POST", body: JSON.stringify(body) }));

describe("refuses, naming the field", () => {
  it.each([
    // required fields
    [{ messages: [user("Hi")] }, "model", "missing_required_parameter"],
    [{ ...base, model: 5 }, "model", "invalid_type"],
    [{ ...base, model: "" }, "model", "invalid_value"],
    [{ model: "m" }, "messages", "missing_required_parameter"],
    [{ ...base, messages: "Hi" }, "messages", "invalid_type"],
    [{ ...base, messages: [] }, "messages", "invalid_value"],
    [{ ...base, messages: ["a", "b", "c", "d", "e"].map(user) }, "messages", "invalid_value"],
    // messages
    [{ ...base, messages: ["Hi"] }, "messages[0]", "invalid_type"],
    [{ ...base, messages: [{ content: "Hi" }] }, "messages[0].role", "missing_required_parameter"],
    [
      { ...base, messages: [{ role: "robot", content: "Hi" }] },
      "messages[0].role",
      "invalid_value",
    ],
    [
      { ...base, messages: [{ role: "tool", content: "1", tool_call_id: "a" }] },
      "messages[0].tool_call_id",
      "invalid_value",
    ],
    [
      { ...base, messages: [{ role: "tool", content: "1" }] },
      "messages[0].tool_call_id",
      "missing_required_parameter",
    ],
    [
      { ...base, messages: [{ role: "function", name: "f", content: "1" }] },
      "messages[0].role",
      "unsupported_value",
    ],
    [
      { ...base, messages: [{ role: "user" }] },
      "messages[0].content",
      "missing_required_parameter",
    ],
    [
      { ...base, messages: [{ role: "system", content: null }] },
      "messages[0].content",
      "missing_required_parameter",
    ],
    [{ ...base, messages: [user(5)] }, "messages[0].content", "invalid_type"],
    [
      { ...base, messages: [user([{ type: "image_url", image_url: { url: "x" } }])] },
      "messages[0].content[0].image_url.url",
      "invalid_value",
    ],
    [
      { ...base, messages: [user([{ type: "text", text: "a" }, { type: "input_audio" }])] },
      "messages[0].content[1].type",
      "unsupported_value",
    ],
    [
      { ...base, messages: [user([{ type: "text" }])] },
      "messages[0].content[0].text",
      "invalid_type",
    ],
    [
      { ...base, messages: [user("Hi"), { role: "user", content: "x", name: 3 }] },
      "messages[1].name",
      "invalid_type",
    ],
    [
      { ...base, messages: [{ role: "assistant", content: null, tool_calls: [{ id: "1" }] }] },
      "messages[0].tool_calls[0].function",
      "missing_required_parameter",
    ],
    [
      { ...base, messages: [{ role: "assistant", content: null, audio: { id: "a" } }] },
      "messages[0].audio",
      "unsupported_parameter",
    ],
    [
      { ...base, messages: [{ role: "assistant", content: "", function_call: { name: "f" } }] },
      "messages[0].function_call",
      "unsupported_parameter",
    ],
    // limits
    [
      { ...base, messages: Array.from({ length: 5 }, () => user("x")) },
      "messages",
      "invalid_value",
    ],
    // sampling
    [{ ...base, stream: "yes" }, "stream", "invalid_type"],
    [
      { ...base, stream: true, stream_options: { include_usage: 1 } },
      "stream_options.include_usage",
      "invalid_type",
    ],
    [{ ...base, stream_options: { include_usage: true } }, "stream_options", "invalid_value"],
    [{ ...base, max_tokens: 0 }, "max_tokens", "invalid_value"],
    [{ ...base, max_tokens: 1.5 }, "max_tokens", "invalid_type"],
    [{ ...base, max_completion_tokens: -1 }, "max_completion_tokens", "invalid_value"],
    [{ ...base, temperature: 2.5 }, "temperature", "invalid_value"],
    [{ ...base, temperature: -0.1 }, "temperature", "invalid_value"],
    [{ ...base, temperature: "0" }, "temperature", "invalid_type"],
    [{ ...base, top_p: 1.1 }, "top_p", "invalid_value"],
    [{ ...base, seed: 0.5 }, "seed", "invalid_type"],
    [{ ...base, stop: 5 }, "stop", "invalid_type"],
    [{ ...base, stop: [1] }, "stop[0]", "invalid_type"],
    [{ ...base, stop: ["a", "b", "c", "d", "e"] }, "stop", "invalid_value"],
    [{ ...base, presence_penalty: 3 }, "presence_penalty", "invalid_value"],
    [{ ...base, frequency_penalty: -3 }, "frequency_penalty", "invalid_value"],
    [{ ...base, n: 0 }, "n", "invalid_value"],
    [{ ...base, n: 2 }, "n", "unsupported_value"],
    [{ ...base, user: 1 }, "user", "invalid_type"],
    // response_format
    [{ ...base, response_format: { type: "xml" } }, "response_format.type", "invalid_value"],
    [{ ...base, response_format: "json" }, "response_format", "invalid_type"],
    [
      { ...base, response_format: { type: "json_schema" } },
      "response_format.json_schema",
      "missing_required_parameter",
    ],
    [
      { ...base, response_format: { type: "json_schema", json_schema: { schema: {} } } },
      "response_format.json_schema.name",
      "missing_required_parameter",
    ],
    [
      { ...base, response_format: { type: "json_schema", json_schema: { name: "a b" } } },
      "response_format.json_schema.name",
      "invalid_value",
    ],
    [
      { ...base, response_format: { type: "json_schema", json_schema: { name: "a", schema: [] } } },
      "response_format.json_schema.schema",
      "invalid_type",
    ],
    // what this server cannot honour
    // tools
    [
      {
        ...base,
        tools: [{ type: "function", function: { name: "f", parameters: { type: "string" } } }],
      },
      "tools[0].function.parameters",
      "invalid_value",
    ],
    [
      { ...base, tools: [{ type: "function", function: { name: "f", parameters: [1] } }] },
      "tools[0].function.parameters",
      "invalid_value",
    ],
    [{ ...base, tools: [{ type: "retrieval" }] }, "tools[0].type", "invalid_value"],
    [
      { ...base, tools: [{ type: "function", function: { name: "two words" } }] },
      "tools[0].function.name",
      "invalid_value",
    ],
    [
      {
        ...base,
        tools: [{ type: "function", function: { name: "f" } }],
        tool_choice: { type: "function", function: { name: "g" } },
      },
      "tool_choice",
      "invalid_value",
    ],
    [{ ...base, tool_choice: "required" }, "tool_choice", "invalid_value"],
    [{ ...base, tool_choice: "sometimes" }, "tool_choice", "invalid_value"],
    [{ ...base, parallel_tool_calls: "yes" }, "parallel_tool_calls", "invalid_type"],
    [{ ...base, functions: [{ name: "f" }] }, "functions", "unsupported_parameter"],
    [{ ...base, function_call: "auto" }, "function_call", "unsupported_parameter"],
    [{ ...base, logprobs: true }, "logprobs", "unsupported_parameter"],
    [{ ...base, top_logprobs: 2 }, "top_logprobs", "unsupported_parameter"],
    [{ ...base, logit_bias: { "50256": -100 } }, "logit_bias", "unsupported_parameter"],
    [{ ...base, modalities: ["text", "audio"] }, "modalities", "unsupported_parameter"],
    [{ ...base, audio: { voice: "alloy", format: "mp3" } }, "audio", "unsupported_parameter"],
    [
      { ...base, prediction: { type: "content", content: "x" } },
      "prediction",
      "unsupported_parameter",
    ],
    [{ ...base, web_search_options: {} }, "web_search_options", "unsupported_parameter"],
    [{ ...base, reasoning_effort: "extreme" }, "reasoning_effort", "invalid_value"],
  ])("%j → %s (%s)", async (body, param, code) => {
    const error = await refusal(body);
    expect(error).toMatchObject({ param, code, type: "invalid_request_error" });
    expect(error.message).not.toBe("");
  });
});

describe("accepts", () => {
  it("a minimal request, with defaults", async () => {
    expect(await parsed(base)).toEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      stream: false,
      includeUsage: false,
      maxTokens: undefined,
      temperature: undefined,
      topP: undefined,
      seed: undefined,
      stop: undefined,
      presencePenalty: undefined,
      frequencyPenalty: undefined,
      responseFormat: undefined,
    });
  });

  it("null for every optional field, as many clients send", async () => {
    const nulls = Object.fromEntries(
      [
        "stream",
        "stream_options",
        "max_tokens",
        "max_completion_tokens",
        "temperature",
        "top_p",
        "seed",
        "stop",
        "presence_penalty",
        "frequency_penalty",
        "n",
        "response_format",
        "user",
        "tools",
        "tool_choice",
        "logprobs",
        "top_logprobs",
        "logit_bias",
        "audio",
      ].map((field) => [field, null]),
    );
    expect(await parsed({ ...base, ...nulls })).toMatchObject({ stream: false, stop: undefined });
  });

  it("the values of unsupported fields that ask for nothing", async () => {
    const request = await parsed({
      ...base,
      tools: [],
      tool_choice: "none",
      logprobs: false,
      top_logprobs: 0,
      logit_bias: {},
      modalities: ["text"],
      n: 1,
    });
    expect(request.model).toBe("m");
  });

  it("max_completion_tokens over max_tokens, and either alone", async () => {
    expect((await parsed({ ...base, max_tokens: 9, max_completion_tokens: 4 })).maxTokens).toBe(4);
    expect((await parsed({ ...base, max_tokens: 9 })).maxTokens).toBe(9);
    expect((await parsed({ ...base, max_completion_tokens: 4 })).maxTokens).toBe(4);
  });

  it("stop as a string or a list; an empty list is no stop", async () => {
    expect((await parsed({ ...base, stop: "\n" })).stop).toEqual(["\n"]);
    expect((await parsed({ ...base, stop: ["a", "b"] })).stop).toEqual(["a", "b"]);
    expect((await parsed({ ...base, stop: [] })).stop).toBeUndefined();
  });

  it("every role, developer as system, text parts joined, an assistant without content", async () => {
    const request = await parsed({
      ...base,
      messages: [
        { role: "developer", content: "d" },
        { role: "system", content: [{ type: "text", text: "s" }] },
        {
          role: "user",
          name: "ann",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        },
        { role: "assistant", content: null, tool_calls: [], refusal: null },
      ],
    });
    expect(request.messages).toEqual([
      { role: "system", content: "d" },
      { role: "system", content: "s" },
      { role: "user", content: "ab", name: "ann" },
      { role: "assistant", content: "", toolCalls: [] },
    ]);
  });

  it("tools, a named tool_choice, parallel_tool_calls, reasoning_effort, and a tool round trip", async () => {
    const add = {
      type: "function",
      function: {
        name: "add",
        description: "Adds two numbers.",
        parameters: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
        },
      },
    };
    const request = await parsed({
      ...base,
      messages: [
        { role: "user", content: "1 + 2?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "add", arguments: '{"a":1,"b":2}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "3" },
      ],
      tools: [add, { type: "function", function: { name: "now" } }],
      tool_choice: { type: "function", function: { name: "add" } },
      parallel_tool_calls: false,
      reasoning_effort: "none",
    });
    expect(request).toMatchObject({
      messages: [
        { role: "user", content: "1 + 2?" },
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "call_1", name: "add", arguments: '{"a":1,"b":2}' }],
        },
        { role: "tool", toolCallId: "call_1", toolName: "add", content: "3" },
      ],
      tools: [
        { name: "add", description: "Adds two numbers.", parameters: add.function.parameters },
        // Omitted parameters: a function without arguments.
        { name: "now", parameters: { type: "object", properties: {} } },
      ],
      toolChoice: { name: "add" },
      parallelToolCalls: false,
      reasoningEffort: "none",
    });
  });

  it("stream with include_usage", async () => {
    expect(
      await parsed({ ...base, stream: true, stream_options: { include_usage: true } }),
    ).toMatchObject({ stream: true, includeUsage: true });
  });

  it("response_format text, json_object and json_schema", async () => {
    expect((await parsed({ ...base, response_format: { type: "text" } })).responseFormat).toBe(
      undefined,
    );
    expect(
      (await parsed({ ...base, response_format: { type: "json_object" } })).responseFormat,
    ).toEqual({ type: "json" });
    const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
    expect(
      (
        await parsed({
          ...base,
          response_format: {
            type: "json_schema",
            json_schema: { name: "x", schema, strict: true },
          },
        })
      ).responseFormat,
    ).toEqual({ type: "json", name: "x", description: undefined, schema });
  });
});

describe("formatPath", () => {
  it("names fields the way OpenAI does", () => {
    expect(formatPath(["messages", 0, "content", 2, "type"])).toBe("messages[0].content[2].type");
    expect(formatPath(["stop", 1])).toBe("stop[1]");
    expect(formatPath([])).toBe("");
  });
});
