import { describe, expect, it } from "vitest";
import { longestTokenOf, minimumPromptTokens } from "./minimum-prompt-tokens";

describe("minimumPromptTokens", () => {
  it("counts the characters a template renders, over the longest token, rounded up", () => {
    const tokens = minimumPromptTokens(
      [
        { role: "system", text: "abcd" },
        { role: "user", text: "ef" },
        {
          role: "assistant",
          items: [
            { type: "reasoning", text: "not counted: templates may drop it" },
            { type: "text", text: "g" },
            { type: "function-call", name: "f", paramsText: "{}", result: "ok" },
          ],
        },
      ],
      4,
    );
    // 4 + 2 + 1 + 2 + 2 = 11 characters, 4 at most per token.
    expect(tokens).toBe(3);
  });
});

describe("longestTokenOf", () => {
  it("is the longest entry of the GGUF's token list, or undefined without one", () => {
    expect(longestTokenOf({ tokenizer: { ggml: { tokens: ["a", "▁the", "<0x0A>"] } } })).toBe(6);
    expect(longestTokenOf({ tokenizer: { ggml: {} } })).toBeUndefined();
    expect(longestTokenOf({})).toBeUndefined();
  });
});
