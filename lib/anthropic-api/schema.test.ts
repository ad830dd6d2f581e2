import { describe, expect, it } from "vitest";
import { OpenAIApiError } from "@/lib/openai-api";
import { createMessagesRequestParser, formatPath } from "./parse-messages-request";

/** Every refusal of the request schema: the field its message starts with, and its kind. */

const parse = createMessagesRequestParser({ maxMessages: 4 }, 2000, { countTokens: false });
const parseCount = createMessagesRequestParser({ maxMessages: 4 }, 2000, { countTokens: true });

const user = (content: unknown) => ({ role: "user", content });
const base = { model: "m", max_tokens: 10, messages: [user("Hi")] };
const call = { type: "tool_use", id: "t1", name: "f", input: {} };
const tools = [{ name: "f", input_schema: { type: "object" } }];

const post = (body: unknown) =>
  new Request("http://x/v1/messages", {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function refusal(body: unknown, parser = parse) {
  try {
    await parser(post(body));
  } catch (error) {
    if (OpenAIApiError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

describe("refuses, naming the field", () => {
  it.each([
    [
      { messages: [user("Hi")], max_tokens: 1 },
      "model: Field required",
      "missing_required_parameter",
    ],
    [
      { model: "m", messages: [user("Hi")] },
      "max_tokens: Field required",
      "missing_required_parameter",
    ],
    [{ ...base, max_tokens: 0 }, "max_tokens: ", "invalid_value"],
    [{ ...base, max_tokens: 1.5 }, "max_tokens: ", "invalid_type"],
    [{ ...base, messages: [] }, "messages: at least one message is required", "invalid_value"],
    [
      { ...base, messages: ["a", "b", "c", "d", "e"].map(user) },
      "messages: at most 4",
      "invalid_value",
    ],
    [{ ...base, messages: [{ role: "tool", content: "x" }] }, "messages.0.role: ", "invalid_value"],
    [
      { ...base, messages: [{ role: "system", content: "x" }] },
      "messages: a user message is required",
      "invalid_value",
    ],
    [
      {
        ...base,
        messages: [user("a"), { role: "system", content: [{ type: "thinking", thinking: "x" }] }],
      },
      "messages.1.content.0.type: system messages hold text blocks only",
      "invalid_value",
    ],
    [
      {
        ...base,
        messages: [
          user("a"),
          { role: "assistant", content: "b" },
          { role: "system", content: "c" },
        ],
      },
      "messages.1.role: the last message must be the user's",
      "unsupported_value",
    ],
    [{ ...base, messages: [user(5)] }, "messages.0.content: ", "invalid_type"],
    [
      { ...base, messages: [user([{ text: "a" }])] },
      "messages.0.content.0.type: ",
      "missing_required_parameter",
    ],
    [
      { ...base, messages: [user([{ type: "text" }])] },
      "messages.0.content.0.text: Field required",
      "missing_required_parameter",
    ],
    [
      { ...base, messages: [user([{ type: "image", source: {} }])] },
      "messages.0.content.0.source.type: ",
      "missing_required_parameter",
    ],
    [
      { ...base, messages: [user([{ type: "image", source: { type: "base64", data: "@@" } }])] },
      "messages.0.content.0.source: The image's data URL has data that is not valid base64",
      "invalid_value",
    ],
    [
      {
        ...base,
        messages: [user([{ type: "image", source: { type: "base64", data: "aGVsbG8=" } }])],
      },
      "messages.0.content.0.source: The image's bytes are not a PNG",
      "invalid_value",
    ],
    [
      {
        ...base,
        messages: [
          user([{ type: "document", source: { type: "url", url: "https://a.example/x.pdf" } }]),
        ],
      },
      "messages.0.content.0.source: this server does not fetch document addresses",
      "unsupported_value",
    ],
    [
      { ...base, messages: [user([{ type: "document", source: { type: "file", file_id: "f" } }])] },
      "messages.0.content.0.source: files of Anthropic's Files API",
      "unsupported_value",
    ],
    [
      {
        ...base,
        messages: [
          user("Hi"),
          {
            role: "assistant",
            content: [{ type: "image", source: { type: "url", url: "https://a.example/x.png" } }],
          },
        ],
      },
      "messages.1.content.0.type: image and document blocks belong in user messages",
      "invalid_value",
    ],
    [
      { ...base, messages: [user([call])] },
      "messages.0.content.0.type: only assistant messages hold tool_use",
      "invalid_value",
    ],
    [
      {
        ...base,
        messages: [
          user("a"),
          { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f" }] },
          user("b"),
        ],
      },
      "messages.1.content.0.input: Field required",
      "missing_required_parameter",
    ],
    [
      { ...base, messages: [user("a"), { role: "assistant", content: [call] }, user("b")] },
      "messages.2: tool_use ids were found without tool_result blocks immediately after: t1",
      "invalid_value",
    ],
    [
      { ...base, messages: [user([{ type: "tool_result", tool_use_id: "nope", content: "x" }])] },
      "messages.0.content.0.tool_use_id: no tool_use block with id 'nope'",
      "invalid_value",
    ],
    [
      {
        ...base,
        messages: [
          user("a"),
          { role: "assistant", content: [{ type: "tool_result", tool_use_id: "t", content: "x" }] },
          user("b"),
        ],
      },
      "messages.1.content.0.type: tool_result blocks belong in user messages",
      "invalid_value",
    ],
    [
      { ...base, messages: [user("a"), { role: "assistant", content: "Once" }] },
      "messages.1.role: the last message must be the user's",
      "unsupported_value",
    ],
    [{ ...base, system: [{ type: "image" }] }, "system: ", "invalid_value"],
    [{ ...base, temperature: 1.5 }, "temperature: ", "invalid_value"],
    [{ ...base, top_k: -1 }, "top_k: ", "invalid_value"],
    [{ ...base, stop_sequences: "END" }, "stop_sequences: ", "invalid_type"],
    [{ ...base, stream: "yes" }, "stream: ", "invalid_type"],
    [
      { ...base, tools: [{ name: "has space", input_schema: { type: "object" } }] },
      "tools.0.name: ",
      "invalid_value",
    ],
    [
      { ...base, tools: [{ name: "f" }] },
      "tools.0.input_schema: a JSON schema object is required",
      "invalid_value",
    ],
    [
      { ...base, tools: [{ name: "f", input_schema: { type: "string" } }] },
      'tools.0.input_schema: the schema\'s type must be "object"',
      "invalid_value",
    ],
    [
      { ...base, tools: [...tools, ...tools] },
      "tools.1.name: tool names must be unique",
      "invalid_value",
    ],
    [
      { ...base, tools, tool_choice: { type: "tool", name: "g" } },
      "tool_choice.name: no tool is named 'g'",
      "invalid_value",
    ],
    [
      { ...base, tool_choice: { type: "any" } },
      "tool_choice: asks for a tool call, but there are no tools",
      "invalid_value",
    ],
    [{ ...base, tools, tool_choice: { type: "sometimes" } }, "tool_choice.type: ", "invalid_value"],
    [
      { ...base, thinking: { type: "enabled" } },
      "thinking.budget_tokens: Field required",
      "missing_required_parameter",
    ],
    [{ ...base, thinking: { type: "deep" } }, "thinking.type: ", "invalid_value"],
  ] as const)("%j → %s", async (body, message, code) => {
    const refused = await refusal(body);
    expect(refused.message.startsWith(message)).toBe(true);
    expect(refused.code).toBe(code);
  });

  it("refuses a body that is not JSON, or not an object, or too large", async () => {
    expect((await refusal("{")).code).toBe("invalid_json");
    expect((await refusal([1])).code).toBe("invalid_json");
    expect((await refusal({ ...base, system: "x".repeat(3000) })).code).toBe("request_too_large");
  });
});

describe("accepts", () => {
  it("count_tokens without max_tokens, and ignores one that is sent", async () => {
    const { maxTokens } = await parseCount(post({ model: "m", messages: [user("Hi")] }));
    expect(maxTokens).toBeUndefined();
    const sent = await parseCount(post({ ...base, max_tokens: 5 }));
    expect(sent.maxTokens).toBeUndefined();
  });

  it("a system message between a tool_use and its tool_result", async () => {
    const request = await parse(
      post({
        ...base,
        messages: [
          user("a"),
          { role: "assistant", content: [call] },
          { role: "system", content: "Mind the time." },
          user([{ type: "tool_result", tool_use_id: "t1", content: "done" }]),
        ],
      }),
    );
    expect(request.messages[2]).toEqual({ role: "system", text: "Mind the time." });
    expect(request.messages[3]).toEqual({
      role: "user",
      parts: [
        { type: "tool-result", toolUseId: "t1", toolName: "f", text: "done", isError: false },
      ],
    });
  });

  it("an assistant turn of only redacted thinking, and empty content", async () => {
    const request = await parse(
      post({
        ...base,
        messages: [
          user("a"),
          { role: "assistant", content: [{ type: "redacted_thinking", data: "x" }] },
          user([]),
        ],
      }),
    );
    expect(request.messages).toEqual([
      { role: "user", parts: [{ type: "text", text: "a" }] },
      { role: "assistant", parts: [] },
      { role: "user", parts: [] },
    ]);
  });

  it("null as absent, as Anthropic's clients send optional fields", async () => {
    const request = await parse(
      post({
        ...base,
        system: null,
        temperature: null,
        tools: null,
        tool_choice: null,
        thinking: null,
      }),
    );
    expect(request).toEqual({
      model: "m",
      maxTokens: 10,
      stream: false,
      messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }],
    });
  });
});

describe("formatPath", () => {
  it("writes paths as Anthropic does", () => {
    expect(formatPath(["messages", 0, "content", 2, "type"])).toBe("messages.0.content.2.type");
    expect(formatPath([])).toBe("");
  });
});
