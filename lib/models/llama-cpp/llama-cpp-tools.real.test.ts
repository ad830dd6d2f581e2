/**
 * Tool calls and thinking through the provider on a real model: stories260K in three chat formats
 * with function calling — node-llama-cpp's Qwen and Llama 3.1 formats (named as the fallback for
 * a GGUF without a template) and a GGUF whose own Jinja template declares tools (Qwen2.5's) — and
 * thinking through a Qwen3-style template. The model writes stories, not answers: a forced call is
 * valid because its name and arguments are constrained by grammar, which is what is tested.
 */
import { generateText, isStepCount, streamText, tool } from "ai";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { templatedModelPath, testModelPath } from "@/tests/support/test-models";
import type { FallbackChatWrapperName } from "./engine/choose-chat-wrapper";
import type { LlamaCppChatLanguageModel } from "./llama-cpp-chat-language-model";
import { createLlamaCpp, type LlamaCppProvider } from "./llama-cpp-provider";

const inputs = {
  weather: z.object({ city: z.string() }),
  add: z.object({ a: z.number(), b: z.number() }),
};
const tools = {
  weather: tool({ description: "The weather in a city", inputSchema: inputs.weather }),
  add: tool({ description: "Adds two numbers", inputSchema: inputs.add }),
};

const formats: Array<[string, () => Promise<string>, FallbackChatWrapperName]> = [
  ["Qwen (fallback format)", () => testModelPath("stories260K.gguf"), "qwen"],
  ["Llama 3.1 (fallback format)", () => testModelPath("stories260K.gguf"), "llama3.1"],
  [
    "the model's own Jinja template with tools",
    () => templatedModelPath("qwen2.5-tools"),
    "general",
  ],
];

const providers: LlamaCppProvider[] = [];
afterAll(async () => {
  await Promise.all(providers.map((provider) => provider.dispose()));
});

async function load(path: () => Promise<string>, fallback: FallbackChatWrapperName, sequences = 1) {
  const provider = createLlamaCpp({ threads: 1, sequences, fallbackChatWrapper: fallback });
  providers.push(provider);
  return provider(await path());
}

describe.each(formats)("in %s", (_name, path, fallback) => {
  it("a required call is a valid call of one of the tools", async () => {
    const model = await load(path, fallback);
    for (const seed of [1, 2, 3]) {
      const result = await generateText({
        model,
        tools,
        toolChoice: "required",
        prompt: "What is the weather in Oslo?",
        temperature: 0.8,
        seed,
        maxOutputTokens: 120,
      });
      expect(result.finishReason).toBe("tool-calls");
      expect(result.toolCalls.length).toBeGreaterThanOrEqual(1);
      for (const call of result.toolCalls) {
        // The SDK parsed and validated the input against the tool's schema.
        expect(call.invalid).toBeFalsy();
        expect(inputs[call.toolName as keyof typeof inputs].safeParse(call.input).success).toBe(
          true,
        );
      }
    }
  });

  it("a named tool is the one called, streamed as tool-input deltas", async () => {
    const model = await load(path, fallback);
    const result = streamText({
      model,
      tools,
      toolChoice: { type: "tool", toolName: "add" },
      prompt: "Add 2 and 3.",
      temperature: 0,
      maxOutputTokens: 120,
    });
    const types = new Set<string>();
    for await (const part of result.stream) types.add(part.type);
    const calls = await result.toolCalls;
    expect(calls.map((call) => call.toolName)).toEqual(["add"]);
    expect(inputs.add.safeParse(calls[0]?.input).success).toBe(true);
    expect([...types]).toEqual(
      expect.arrayContaining([
        "tool-input-start",
        "tool-input-delta",
        "tool-input-end",
        "tool-call",
      ]),
    );
  });

  it("a tool loop: the result goes back, the next turn reuses the prompt, and the reply ends in text", async () => {
    const model = await load(path, fallback);
    const result = await generateText({
      model,
      tools: {
        weather: tool({
          description: "The weather in a city",
          inputSchema: inputs.weather,
          execute: async ({ city }) => `Sunny in ${city}.`,
        }),
      },
      // The first step must call; then the model may answer (this one writes text).
      prepareStep: ({ stepNumber }) => ({ toolChoice: stepNumber === 0 ? "required" : "auto" }),
      stopWhen: isStepCount(3),
      prompt: "What is the weather in Oslo?",
      temperature: 0,
      maxOutputTokens: 60,
    });
    const [first, second] = result.steps;
    expect(first?.toolResults[0]?.output).toMatch(/^Sunny in /);
    expect(second?.text.trim()).not.toBe("");
    // The turn after the result evaluated only what is new: the whole first prompt was reused.
    expect(second?.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThanOrEqual(
      first?.usage.inputTokens ?? Number.POSITIVE_INFINITY,
    );
  });
});

describe("countPromptTokens", () => {
  it.each(formats)(
    "in %s: the count is the prompt tokens a reply reports, tools and thinking mode included",
    async (_name, path, fallback) => {
      const model = (await load(path, fallback)) as LlamaCppChatLanguageModel;
      const weather = {
        type: "function" as const,
        name: "weather",
        description: "The weather in a city",
        inputSchema: {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
        },
      } as const;
      const prompt = [
        { role: "system" as const, content: "Tell stories." },
        { role: "user" as const, content: [{ type: "text" as const, text: "Weather in Oslo?" }] },
      ];
      const plain = { prompt, maxOutputTokens: 1 };
      const withTools = {
        ...plain,
        tools: [weather],
        toolChoice: { type: "required" as const },
        maxOutputTokens: 60,
      };
      for (const options of [plain, withTools]) {
        const counted = await model.countPromptTokens(options);
        const { usage } = await model.doGenerate({ ...options, temperature: 0 });
        expect(counted).toBe(usage.inputTokens.total);
      }
      // The tools' documentation is part of the prompt.
      expect(await model.countPromptTokens(withTools)).toBeGreaterThan(
        await model.countPromptTokens(plain),
      );
    },
  );

  it("counts a prompt without thinking the way a reply without thinking renders it", async () => {
    const model = (await load(
      () => templatedModelPath("qwen3-thinking"),
      "general",
    )) as LlamaCppChatLanguageModel;
    const options = {
      prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: "Hi" }] }],
      maxOutputTokens: 1,
      reasoning: "none" as const,
    };
    const { usage } = await model.doGenerate(options);
    expect(await model.countPromptTokens(options)).toBe(usage.inputTokens.total);
    // Thinking off renders the template with enable_thinking false: another prompt.
    expect(await model.countPromptTokens({ ...options, reasoning: undefined })).not.toBe(
      usage.inputTokens.total,
    );
  });
});

describe("concurrency", () => {
  it("four conversations at once each get their own calls", async () => {
    const model = await load(() => testModelPath("stories260K.gguf"), "qwen", 4);
    const named = ["weather", "add", "weather", "add"] as const;
    const results = await Promise.all(
      named.map((toolName, i) =>
        generateText({
          model,
          tools,
          toolChoice: { type: "tool", toolName },
          prompt: `Conversation ${i}: help me.`,
          temperature: 0.8,
          seed: i,
          maxOutputTokens: 120,
        }),
      ),
    );
    results.forEach((result, i) => {
      expect(result.toolCalls.map((call) => call.toolName)).toEqual([named[i]]);
    });
    const ids = results.flatMap((result) => result.toolCalls.map((call) => call.toolCallId));
    expect(new Set(ids).size).toBe(4);
  });
});

describe("thinking (a Qwen3-style template that opens <think> at each reply)", () => {
  it("streams thinking as reasoning, capped by a budget, then the answer", async () => {
    const model = await load(() => templatedModelPath("qwen3-thinking"), "general");
    const result = streamText({
      model,
      prompt: "Tell me a story.",
      temperature: 0,
      maxOutputTokens: 40,
      providerOptions: { llamaCpp: { thinking: 10 } },
    });
    const order: string[] = [];
    for await (const part of result.stream) {
      if (part.type === "reasoning-delta" || part.type === "text-delta") {
        if (order.at(-1) !== part.type) order.push(part.type);
      }
    }
    expect(order).toEqual(["reasoning-delta", "text-delta"]);
    expect((await result.reasoningText)?.trim()).not.toBe("");
    const usage = await result.usage;
    expect(usage.outputTokenDetails.reasoningTokens).toBe(10);
    expect(usage.outputTokenDetails.textTokens).toBe((usage.outputTokens ?? 0) - 10);
  });

  it("thinking off (effort none) answers without thinking", async () => {
    const model = await load(() => templatedModelPath("qwen3-thinking"), "general");
    const result = await generateText({
      model,
      prompt: "Tell me a story.",
      reasoning: "none",
      temperature: 0,
      maxOutputTokens: 30,
    });
    expect(result.reasoningText ?? "").toBe("");
    expect(result.text.trim()).not.toBe("");
    expect(result.usage.outputTokenDetails.reasoningTokens).toBe(0);
  });
});
