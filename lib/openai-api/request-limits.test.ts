import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { OpenAIApiError } from "./openai-api-error";
import { applyRequestLimits, type LimitedFields, type RequestLimits } from "./request-limits";

/** The function every /v1 protocol calls; the handler's tests run it through Chat Completions. */

const limits: RequestLimits = {
  maxOutputTokens: 100,
  maxTools: 2,
  maxSchemaBytes: 200,
  maxToolsBytes: 300,
  maxFileBytes: 1000,
};

/** How Anthropic's Messages names the same fields, for instance. */
const messagesFields: LimitedFields = {
  tools: "tools",
  toolSchema: (index) => `tools.${index}.input_schema`,
  responseSchema: "output_format.schema",
};

const base: LanguageModelV4CallOptions = {
  prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
};

function refusal(run: () => unknown): OpenAIApiError {
  try {
    run();
  } catch (error) {
    if (OpenAIApiError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("applyRequestLimits", () => {
  it("keeps the caller's provider options when it adds its own", () => {
    const limited = applyRequestLimits(
      { ...base, providerOptions: { llamaCpp: { cacheOwner: "key:1" }, openai: { user: "u" } } },
      limits,
    );
    expect(limited.maxOutputTokens).toBe(100);
    expect(limited.providerOptions).toEqual({
      llamaCpp: { cacheOwner: "key:1", shortenReplyToFit: true },
      openai: { user: "u" },
    });
  });

  it("names the refused field the way the calling protocol does", () => {
    const big = { type: "object" as const, description: "x".repeat(300) };
    const error = refusal(() =>
      applyRequestLimits(
        { ...base, tools: [{ type: "function", name: "f", inputSchema: big }] },
        limits,
        messagesFields,
      ),
    );
    expect(error.param).toBe("tools.0.input_schema");
    expect(error.status).toBe(400);
  });

  it("counts provider-defined tools against the tool count and the total", () => {
    const provider = (name: string, size: number) => ({
      type: "provider" as const,
      id: "openai.web_search" as const,
      name,
      args: { note: "x".repeat(size) },
    });
    expect(
      refusal(() =>
        applyRequestLimits(
          { ...base, tools: [provider("a", 1), provider("b", 1), provider("c", 1)] },
          limits,
        ),
      ).code,
    ).toBe("array_above_max_length");
    expect(
      refusal(() =>
        applyRequestLimits({ ...base, tools: [provider("a", 200), provider("b", 200)] }, limits),
      ).param,
    ).toBe("tools");
  });
});
