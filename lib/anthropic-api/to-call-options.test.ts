import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { createMessagesRequestParser } from "./parse-messages-request";
import { toCallOptions } from "./to-call-options";

/**
 * Each row: a Messages request body as a client sends it, and the AI SDK call options the model
 * gets for it (the prompt, sampling, tools, thinking). Bodies go through the real parser.
 */
const parse = createMessagesRequestParser({ maxMessages: 50 }, 1_000_000, { countTokens: false });
const OWNER = "key-0123456789abcdef";

async function optionsFor(body: Record<string, unknown>) {
  const request = await parse(
    new Request("http://x/v1/messages", {
      method: "POST",
      body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 100, ...body }),
    }),
  );
  return toCallOptions(request, { cacheOwner: OWNER });
}

const weatherSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
  additionalProperties: false,
};

const cases: Array<[string, Record<string, unknown>, Partial<LanguageModelV4CallOptions>]> = [
  [
    "a string message; max_tokens as the output limit; nothing else set",
    { messages: [{ role: "user", content: "Hi" }] },
    {
      prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      maxOutputTokens: 100,
      temperature: undefined,
      topP: undefined,
      topK: undefined,
      stopSequences: undefined,
      tools: undefined,
      toolChoice: undefined,
      reasoning: undefined,
      // The clamp to CHAT_API_MAX_OUTPUT_TOKENS is the handler's (applyRequestLimits).
      providerOptions: { llamaCpp: { cacheOwner: OWNER } },
    },
  ],
  [
    "system as a string; sampling and stop sequences pass through",
    {
      system: "Be brief.",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["END", "\n\n"],
      metadata: { user_id: "u-1" },
    },
    {
      prompt: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Hi" }] },
      ],
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ["END", "\n\n"],
    },
  ],
  [
    "system and user text blocks are paragraphs of one text; cache_control is ignored",
    {
      system: [
        { type: "text", text: "You are a coding agent." },
        { type: "text", text: "Be careful.", cache_control: { type: "ephemeral" } },
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Fix the bug." },
            { type: "text", text: "<reminder>Tests first.</reminder>" },
          ],
        },
      ],
    },
    {
      prompt: [
        { role: "system", content: "You are a coding agent.\n\nBe careful." },
        {
          role: "user",
          content: [{ type: "text", text: "Fix the bug.\n\n<reminder>Tests first.</reminder>" }],
        },
      ],
    },
  ],
  [
    "a tool round trip: thinking, text and tool_use in order; the result (then the text) next",
    {
      messages: [
        { role: "user", content: "Weather in Oslo?" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "Use the tool.", signature: "sig" },
            { type: "redacted_thinking", data: "opaque" },
            { type: "text", text: "Let me look." },
            { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Oslo" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "Sunny" },
            { type: "text", text: "And tomorrow?" },
          ],
        },
      ],
      tools: [{ name: "weather", description: "The weather", input_schema: weatherSchema }],
    },
    {
      prompt: [
        { role: "user", content: [{ type: "text", text: "Weather in Oslo?" }] },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "Use the tool." },
            { type: "text", text: "Let me look." },
            {
              type: "tool-call",
              toolCallId: "toolu_1",
              toolName: "weather",
              input: { city: "Oslo" },
            },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "toolu_1",
              toolName: "weather",
              output: { type: "text", value: "Sunny" },
            },
          ],
        },
        { role: "user", content: [{ type: "text", text: "And tomorrow?" }] },
      ],
      // The schema goes to the model as sent, `$schema` included.
      tools: [
        {
          type: "function",
          name: "weather",
          description: "The weather",
          inputSchema: weatherSchema,
        },
      ],
    },
  ],
  [
    "a failed tool (is_error) with block content; what the model cannot read is named instead",
    {
      messages: [
        { role: "user", content: "Look" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "t1", name: "read", input: { path: "a.png" } }],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "t1",
              is_error: true,
              content: [
                { type: "text", text: "Partly read:" },
                { type: "image", source: { type: "base64", media_type: "image/png", data: "AA" } },
              ],
            },
          ],
        },
      ],
      tools: [{ name: "read", input_schema: { type: "object" } }],
    },
    {
      prompt: [
        { role: "user", content: [{ type: "text", text: "Look" }] },
        {
          role: "assistant",
          content: [
            { type: "tool-call", toolCallId: "t1", toolName: "read", input: { path: "a.png" } },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "t1",
              toolName: "read",
              output: {
                type: "error-text",
                value: "Partly read:\n\n[image omitted: this model reads text only]",
              },
            },
          ],
        },
      ],
    },
  ],
  [
    "tool_choice any is required; disable_parallel_tool_use allows one call",
    {
      messages: [{ role: "user", content: "Go" }],
      tools: [{ name: "a", input_schema: { type: "object" } }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    },
    {
      toolChoice: { type: "required" },
      providerOptions: {
        llamaCpp: { cacheOwner: OWNER, parallelToolCalls: false },
        openai: { parallelToolCalls: false },
      },
    },
  ],
  [
    "tool_choice tool names the tool; Anthropic's own tool types are skipped",
    {
      messages: [{ role: "user", content: "Go" }],
      tools: [
        { type: "web_search_20250305", name: "web_search", max_uses: 5 },
        { type: "custom", name: "b", input_schema: { type: "object", properties: {} } },
      ],
      tool_choice: { type: "tool", name: "b" },
    },
    {
      tools: [
        {
          type: "function",
          name: "b",
          description: undefined,
          inputSchema: { type: "object", properties: {} },
        },
      ],
      toolChoice: { type: "tool", toolName: "b" },
    },
  ],
  [
    "tool_choice auto and none",
    {
      messages: [{ role: "user", content: "Go" }],
      tools: [{ name: "a", input_schema: { type: "object" } }],
      tool_choice: { type: "none" },
    },
    { toolChoice: { type: "none" } },
  ],
  [
    "thinking enabled: its budget caps the local model's thinking",
    {
      messages: [{ role: "user", content: "Hi" }],
      thinking: { type: "enabled", budget_tokens: 1024 },
    },
    { reasoning: undefined, providerOptions: { llamaCpp: { cacheOwner: OWNER, thinking: 1024 } } },
  ],
  [
    "thinking adaptive: the model's own default",
    { messages: [{ role: "user", content: "Hi" }], thinking: { type: "adaptive" } },
    { reasoning: undefined, providerOptions: { llamaCpp: { cacheOwner: OWNER } } },
  ],
  [
    "thinking disabled: reasoning none",
    { messages: [{ role: "user", content: "Hi" }], thinking: { type: "disabled" } },
    { reasoning: "none", providerOptions: { llamaCpp: { cacheOwner: OWNER } } },
  ],
  [
    "Claude Code's request: its billing header left out, system messages between turns kept",
    {
      system: [
        {
          type: "text",
          text: "x-anthropic-billing-header: cc_version=2.1.332.e8f; cc_entrypoint=cli;",
        },
        { type: "text", text: "You are a Claude agent.", cache_control: { type: "ephemeral" } },
      ],
      messages: [
        { role: "user", content: [{ type: "text", text: "Run echo hi" }] },
        { role: "system", content: [{ type: "text", text: "# Environment" }] },
      ],
      tools: [
        {
          name: "Bash",
          input_schema: { type: "object", properties: { command: { type: "string" } } },
        },
        {
          name: "DeferredToolPlaceholder",
          description: "never call this tool",
          input_schema: { type: "object", properties: {} },
          defer_loading: true,
        },
      ],
      thinking: { type: "adaptive", display: "omitted" },
    },
    {
      prompt: [
        { role: "system", content: "You are a Claude agent." },
        { role: "user", content: [{ type: "text", text: "Run echo hi" }] },
        { role: "system", content: "# Environment" },
      ],
      // Deferred tools wait for a tool search this server does not run.
      tools: [
        {
          type: "function",
          name: "Bash",
          description: undefined,
          inputSchema: { type: "object", properties: { command: { type: "string" } } },
        },
      ],
      reasoning: undefined,
    },
  ],
  [
    "a system prompt of only the billing header is no system prompt",
    {
      system: "x-anthropic-billing-header: cc_version=2.1.332.e8f; cch=00000;",
      messages: [{ role: "user", content: "Hi" }],
    },
    { prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] },
  ],
  [
    "unknown fields (Claude Code's) are ignored",
    {
      messages: [{ role: "user", content: "Hi" }],
      context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
      output_config: { effort: "high" },
      service_tier: "auto",
      container: null,
      mcp_servers: [],
    },
    { prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] },
  ],
];

describe("toCallOptions", () => {
  it.each(cases)("%s", async (_name, body, expected) => {
    expect(await optionsFor(body)).toMatchObject(expected);
  });

  it("count_tokens bodies get no output limit", async () => {
    const countParse = createMessagesRequestParser({ maxMessages: 5 }, 10_000, {
      countTokens: true,
    });
    const request = await countParse(
      new Request("http://x", {
        method: "POST",
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "Hi" }] }),
      }),
    );
    const options = toCallOptions(request, { cacheOwner: OWNER });
    expect(options.maxOutputTokens).toBeUndefined();
  });
});
