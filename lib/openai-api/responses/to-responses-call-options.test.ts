import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { responsesRequestSchema } from "./responses-schema";
import { toStoredItem } from "./stored-items";
import { toResponsesCallOptions } from "./to-responses-call-options";

const base = { model: "tiny.gguf", input: "Hi" };
const user = (text: string) => ({ role: "user", content: [{ type: "text", text }] });

/** Each row: a request body, and the call options it must give (a subset of them). */
const cases: Array<[string, Record<string, unknown>, Partial<LanguageModelV4CallOptions>]> = [
  ["a string input is one user message", base, { prompt: [user("Hi")] as never }],
  [
    "instructions come first, developer and system messages stay in place as system ones",
    {
      ...base,
      instructions: "Be brief.",
      input: [
        { role: "developer", content: "Use French." },
        { role: "user", content: "Hi" },
        { role: "system", content: [{ type: "input_text", text: "Late rule." }] },
      ],
    },
    {
      prompt: [
        { role: "system", content: "Be brief." },
        { role: "system", content: "Use French." },
        user("Hi"),
        { role: "system", content: "Late rule." },
      ] as never,
    },
  ],
  [
    "an assistant message and its calls are one turn; their outputs one tool message",
    {
      ...base,
      input: [
        { role: "user", content: "Add twice." },
        {
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: "Adding.", annotations: [] }],
        },
        { type: "function_call", call_id: "c1", name: "add", arguments: '{"a":1}' },
        { type: "function_call", call_id: "c2", name: "add", arguments: "not json" },
        { type: "function_call_output", call_id: "c1", output: "1" },
        {
          type: "function_call_output",
          call_id: "c2",
          output: [{ type: "input_text", text: "2" }],
        },
      ],
    },
    {
      prompt: [
        user("Add twice."),
        {
          role: "assistant",
          content: [
            { type: "text", text: "Adding." },
            { type: "tool-call", toolCallId: "c1", toolName: "add", input: { a: 1 } },
            { type: "tool-call", toolCallId: "c2", toolName: "add", input: "not json" },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "add",
              output: { type: "text", value: "1" },
            },
            {
              type: "tool-result",
              toolCallId: "c2",
              toolName: "add",
              output: { type: "text", value: "2" },
            },
          ],
        },
      ] as never,
    },
  ],
  [
    "sampling, format and limits (clamped by the handler, request-limits.ts)",
    {
      ...base,
      temperature: 0,
      top_p: 0.5,
      max_output_tokens: 50_000,
      text: { format: { type: "json_object" } },
      reasoning: { effort: "minimal" },
    },
    {
      temperature: 0,
      topP: 0.5,
      maxOutputTokens: 50_000,
      responseFormat: { type: "json" },
      reasoning: "minimal",
    },
  ],
  [
    "absent fields keep the model's defaults",
    base,
    { maxOutputTokens: undefined, temperature: undefined, tools: undefined, toolChoice: undefined },
  ],
  [
    "the owner, parallel calls and truncation reach the providers",
    { ...base, parallel_tool_calls: false, truncation: "auto" },
    {
      providerOptions: {
        llamaCpp: { cacheOwner: "owner-1", parallelToolCalls: false, overflow: "trim-oldest" },
        openai: { parallelToolCalls: false },
      },
    },
  ],
];

describe("toResponsesCallOptions", () => {
  it.each(cases)("%s", (_name, body, expected) => {
    const request = responsesRequestSchema.parse(body);
    // The items as the handler keeps them (ids given, text as parts).
    let n = 0;
    const conversation = request.input.flatMap((item) =>
      item.type === "item_reference" ? [] : [toStoredItem(item, (prefix) => `${prefix}_${++n}`)],
    );
    const options = toResponsesCallOptions(request, {
      conversation,
      paramOf: (index) => `input[${index}]`,
      ownerId: "owner-1",
      accepts: {
        spec: { provider: "local", model: "/m.gguf" },
        name: "m.gguf",
        inputs: { images: false, pdfs: false },
        maxFileBytes: 1024,
      },
    });
    expect(options).toMatchObject(expected);
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) expect(options[key as keyof typeof options]).toBeUndefined();
    }
  });
});
