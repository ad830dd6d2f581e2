import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { countPromptTokens, estimatePromptTokens } from "./count-prompt-tokens";

const options: LanguageModelV4CallOptions = {
  prompt: [
    { role: "system", content: "12345678" },
    { role: "user", content: [{ type: "text", text: "abcd" }] },
    {
      role: "assistant",
      content: [
        { type: "reasoning", text: "hmm." },
        { type: "tool-call", toolCallId: "c", toolName: "add", input: { a: 1 } },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "c",
          toolName: "add",
          output: { type: "text", value: "2" },
        },
      ],
    },
  ],
  tools: [{ type: "function", name: "add", description: "Adds", inputSchema: { type: "object" } }],
};

describe("countPromptTokens", () => {
  it("asks a model that can count", async () => {
    const model = Object.assign(new MockLanguageModelV4(), {
      countPromptTokens: vi.fn(async () => 42),
    });
    expect(await countPromptTokens(model, options)).toEqual({ tokens: 42, exact: true });
    expect(model.countPromptTokens).toHaveBeenCalledWith(options);
  });

  it("estimates for one that cannot: every text, call, result and tool, 4 characters a token", async () => {
    // 8 + 4 + 4 + ("add" + '{"a":1}') 10 + '{"type":"text","value":"2"}' 27 + ("add" + "Adds" + '{"type":"object"}') 24
    const chars = 8 + 4 + 4 + 10 + 27 + 24;
    expect(estimatePromptTokens(options)).toBe(Math.ceil(chars / 4));
    expect(await countPromptTokens(new MockLanguageModelV4(), options)).toEqual({
      tokens: Math.ceil(chars / 4),
      exact: false,
    });
  });
});
