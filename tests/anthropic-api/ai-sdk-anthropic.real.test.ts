import { createAnthropic } from "@ai-sdk/anthropic";
import { generateText, isStepCount, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type RunningApp, startApp } from "../support/app-server";
import { templatedModelPath } from "../support/test-models";

/**
 * The AI SDK's Anthropic provider (`@ai-sdk/anthropic`) pointed at the built app's /v1, over a
 * real socket, on stories260K with real instruct templates: Qwen2.5's, which declares tools, and
 * Qwen3's, which thinks. The model is named by its own id here (Claude Code names it `claude-…`).
 */

async function start(template: "qwen2.5-tools" | "qwen3-thinking") {
  const app = await startApp({
    CHAT_MODEL: `local:${await templatedModelPath(template)}`,
    LLAMA_THREADS: "1",
    LLAMA_SEQUENCES: "2",
  });
  const models = (await (await fetch(`${app.url}/v1/models`)).json()) as { data: { id: string }[] };
  const id = models.data[0]?.id ?? "";
  const anthropic = createAnthropic({ baseURL: `${app.url}/v1`, apiKey: "not-needed" });
  return { app, model: anthropic(id) };
}

describe("with tools (Qwen2.5's template)", () => {
  let app: RunningApp;
  let model: ReturnType<typeof createAnthropic> extends (id: string) => infer M ? M : never;

  beforeAll(async () => {
    ({ app, model } = await start("qwen2.5-tools"));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("generateText: text, the finish reason and the usage", async () => {
    const result = await generateText({
      model,
      system: "Tell stories.",
      prompt: "A cat",
      temperature: 0,
      maxOutputTokens: 12,
    });
    expect(result.text.trim()).not.toBe("");
    expect(result.finishReason).toBe("length");
    expect(result.usage.outputTokens).toBe(12);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it("streamText: the deltas add up to the text generateText gives", async () => {
    const request = { model, prompt: "Once upon a time", temperature: 0, maxOutputTokens: 15 };
    const whole = await generateText(request);
    const result = streamText(request);
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(whole.text);
    expect(await result.finishReason).toBe("length");
  });

  it("a tool loop: a forced call runs, its result goes back, the prompt is reused, the reply is text", async () => {
    const cities: string[] = [];
    const result = await generateText({
      model,
      tools: {
        weather: tool({
          description: "The weather in a city",
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            cities.push(city);
            return `Sunny in ${city}.`;
          },
        }),
      },
      prepareStep: ({ stepNumber }) => ({ toolChoice: stepNumber === 0 ? "required" : "auto" }),
      stopWhen: isStepCount(3),
      prompt: "What is the weather in Oslo?",
      temperature: 0,
      maxOutputTokens: 60,
    });
    const [first, second] = result.steps;
    expect(cities).toHaveLength(1);
    expect(first?.finishReason).toBe("tool-calls");
    expect(second?.text.trim()).not.toBe("");
    expect(second?.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThanOrEqual(
      first?.usage.inputTokens ?? Number.POSITIVE_INFINITY,
    );
  });

  it("streamText with a named tool gets that one call, its input valid", async () => {
    const result = streamText({
      model,
      tools: {
        add: tool({ description: "Adds", inputSchema: z.object({ a: z.number(), b: z.number() }) }),
        weather: tool({ inputSchema: z.object({ city: z.string() }) }),
      },
      toolChoice: { type: "tool", toolName: "add" },
      prompt: "Add 2 and 3.",
      temperature: 0,
      maxOutputTokens: 120,
    });
    const calls = await result.toolCalls;
    expect(calls.map((call) => call.toolName)).toEqual(["add"]);
    expect(calls[0]?.input).toEqual({ a: expect.any(Number), b: expect.any(Number) });
    expect(await result.finishReason).toBe("tool-calls");
  });
});

describe("with thinking (Qwen3's template)", () => {
  let app: RunningApp;
  let model: ReturnType<typeof createAnthropic> extends (id: string) => infer M ? M : never;

  beforeAll(async () => {
    ({ app, model } = await start("qwen3-thinking"));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("thinking within its budget comes back as reasoning, signed, and goes back next turn", async () => {
    const first = await generateText({
      model,
      prompt: "Tell me a story.",
      maxOutputTokens: 30,
      providerOptions: { anthropic: { thinking: { type: "enabled", budgetTokens: 10 } } },
    });
    expect(first.reasoningText?.trim()).not.toBe("");
    expect(first.usage.outputTokenDetails.reasoningTokens).toBe(10);
    // The AI SDK sends reasoning back only with a signature; without one it drops it and warns.
    const second = await generateText({
      model,
      messages: [
        { role: "user", content: "Tell me a story." },
        ...first.response.messages,
        { role: "user", content: "Another." },
      ],
      maxOutputTokens: 5,
      providerOptions: { anthropic: { thinking: { type: "disabled" } } },
    });
    expect(second.warnings).toEqual([]);
    expect(second.reasoningText ?? "").toBe("");
  });
});
