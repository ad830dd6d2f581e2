import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { ChatOpenAI } from "@langchain/openai";
import { generateText, isStepCount, streamText, tool } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type RunningApp, startApp } from "../support/app-server";
import { assembleToolCalls } from "../support/assemble-tool-calls";
import { templatedModelPath, testModelPath } from "../support/test-models";

/**
 * Tool calls through /v1 on the real stories260K model, in three chat formats with function
 * calling, spoken to by the clients people use over a real socket: the official `openai` package,
 * the AI SDK's `@ai-sdk/openai-compatible` (with a tool loop), and LangChain's `ChatOpenAI`. The
 * model writes stories; a forced call is still valid, its name and arguments grammar-bound.
 */

const weatherParameters = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
} as const;

const formats: Array<[string, () => Promise<Record<string, string>>]> = [
  [
    "Qwen format",
    async () => ({
      CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
      LLAMA_FALLBACK_CHAT_WRAPPER: "qwen",
    }),
  ],
  [
    "Llama 3.1 format",
    async () => ({
      CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
      LLAMA_FALLBACK_CHAT_WRAPPER: "llama3.1",
    }),
  ],
  [
    "the model's own Jinja template with tools",
    async () => ({ CHAT_MODEL: `local:${await templatedModelPath("qwen2.5-tools")}` }),
  ],
];

describe.each(formats)("%s", (_name, settings) => {
  let app: RunningApp;
  let client: OpenAI;
  let model: string;

  beforeAll(async () => {
    app = await startApp({ ...(await settings()), LLAMA_THREADS: "1", LLAMA_SEQUENCES: "2" });
    client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed", maxRetries: 0 });
    model = (await client.models.list()).data[0]?.id ?? "";
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("openai: a forced call streams as deltas that assemble into valid JSON", async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "What is the weather in Oslo?" }],
      tools: [{ type: "function", function: { name: "weather", parameters: weatherParameters } }],
      tool_choice: "required",
      temperature: 0,
      max_tokens: 120,
      stream: true,
    });
    const { calls, finish, deltas } = await assembleToolCalls(stream);
    expect(finish).toBe("tool_calls");
    expect(calls).toHaveLength(1);
    expect(deltas).toBeGreaterThan(1);
    expect(calls[0]?.id).toMatch(/^call_/);
    expect(calls[0]?.name).toBe("weather");
    expect(JSON.parse(calls[0]?.arguments ?? "")).toEqual({ city: expect.any(String) });
  });

  it("AI SDK: a tool loop executes the tool, sends the result back, and ends in text", async () => {
    const provider = createOpenAICompatible({ name: "local", baseURL: `${app.url}/v1` });
    const cities: string[] = [];
    const result = await generateText({
      model: provider(model),
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
    expect(cities).toHaveLength(1);
    expect(result.steps[0]?.finishReason).toBe("tool-calls");
    expect(result.steps.at(-1)?.finishReason).not.toBe("tool-calls");
    expect(result.text.trim()).not.toBe("");
  });

  it("AI SDK: streamText with a forced tool gets one valid call", async () => {
    const provider = createOpenAICompatible({ name: "local", baseURL: `${app.url}/v1` });
    const result = streamText({
      model: provider(model),
      tools: {
        add: tool({
          description: "Adds two numbers",
          inputSchema: z.object({ a: z.number(), b: z.number() }),
        }),
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

  it("LangChain: ChatOpenAI.bindTools gets a tool call with parsed args", async () => {
    const chat = new ChatOpenAI({
      model,
      apiKey: "not-needed",
      temperature: 0,
      maxTokens: 120,
      maxRetries: 0,
      configuration: { baseURL: `${app.url}/v1` },
    });
    const withTools = chat.bindTools(
      [
        {
          type: "function",
          function: { name: "weather", description: "The weather", parameters: weatherParameters },
        },
      ],
      { tool_choice: "required" },
    );
    const message = await withTools.invoke("What is the weather in Oslo?");
    expect(message.tool_calls).toEqual([
      {
        type: "tool_call",
        id: expect.stringMatching(/^call_/),
        name: "weather",
        args: { city: expect.any(String) },
      },
    ]);
  });
});
