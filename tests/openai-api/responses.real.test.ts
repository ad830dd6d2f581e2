import { createOpenAI } from "@ai-sdk/openai";
import { Agent, tool as agentTool, Runner, setTracingDisabled } from "@openai/agents";
import { OpenAIProvider } from "@openai/agents-openai";
import { generateText, isStepCount, streamText, tool } from "ai";
import OpenAI, { NotFoundError } from "openai";
import type { ResponseFunctionToolCall } from "openai/resources/responses/responses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type RunningApp, startApp } from "../support/app-server";
import { testModelPath } from "../support/test-models";

/**
 * `/v1/responses` on the built app over a real socket, on the real stories260K model (in the
 * Qwen chat format, which has function calling), spoken to by the clients people use: the
 * official `openai` package, the AI SDK's `@ai-sdk/openai` responses model and the OpenAI Agents
 * SDK. The model writes little stories whatever it is asked; a forced call is still valid (its
 * name and arguments grammar-bound), and the tests check the protocol. Codex: codex.real.test.ts.
 */

const MODEL = "stories260K.gguf";
const weather = {
  type: "function" as const,
  name: "weather",
  description: "The weather in a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

let app: RunningApp;
let client: OpenAI;

beforeAll(async () => {
  app = await startApp({
    CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
    LLAMA_FALLBACK_CHAT_WRAPPER: "qwen",
    LLAMA_THREADS: "1",
    LLAMA_SEQUENCES: "2",
  });
  client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed", maxRetries: 0 });
  setTracingDisabled(true);
});

afterAll(async () => {
  await app?.stop();
});

describe("the official openai client", () => {
  it("responses.create: a response cut at max_output_tokens is incomplete, with usage", async () => {
    const response = await client.responses.create({
      model: MODEL,
      instructions: "Tell stories.",
      input: "A cat",
      max_output_tokens: 12,
      temperature: 0,
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.object).toBe("response");
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details?.reason).toBe("max_output_tokens");
    expect(response.output_text).not.toBe("");
    expect(response.output[0]).toMatchObject({ type: "message", role: "assistant" });
    expect(response.usage?.output_tokens).toBe(12);
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.input_tokens_details.cached_tokens).toBeGreaterThanOrEqual(0);
  });

  it("responses.stream: the deltas add up to the final response, which says the same as a whole one", async () => {
    const request = {
      model: MODEL,
      input: "Once upon a time",
      max_output_tokens: 15,
      temperature: 0,
    };
    const whole = await client.responses.create({ ...request, store: false });
    const stream = client.responses.stream(request);
    const types: string[] = [];
    let deltas = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") deltas += event.delta;
    }
    const final = await stream.finalResponse();
    expect(types.slice(0, 2)).toEqual(["response.created", "response.in_progress"]);
    expect(types.at(-1)).toBe("response.incomplete");
    expect(types).toContain("response.output_item.added");
    expect(types).toContain("response.content_part.added");
    expect(types).toContain("response.output_text.done");
    expect(types).toContain("response.content_part.done");
    expect(types).toContain("response.output_item.done");
    expect(final.output_text).toBe(deltas);
    expect(final.output_text).toBe(whole.output_text);
  });

  it("a forced call on the tiny model, its output sent back with previous_response_id, then an answer", async () => {
    const call = await client.responses.create({
      model: MODEL,
      input: "What is the weather in Oslo?",
      tools: [weather, { type: "web_search" }],
      tool_choice: "required",
      temperature: 0,
      max_output_tokens: 120,
    });
    const calls = call.output.filter(
      (item): item is ResponseFunctionToolCall => item.type === "function_call",
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.id).toMatch(/^fc_/);
    expect(calls[0]?.call_id).toMatch(/^call_/);
    expect(calls[0]?.name).toBe("weather");
    expect(JSON.parse(calls[0]?.arguments ?? "")).toEqual({ city: expect.any(String) });

    const answer = await client.responses.create({
      model: MODEL,
      previous_response_id: call.id,
      input: [{ type: "function_call_output", call_id: calls[0]?.call_id ?? "", output: "Sunny." }],
      tools: [weather],
      temperature: 0,
      max_output_tokens: 20,
    });
    expect(answer.previous_response_id).toBe(call.id);
    expect(answer.output.some((item) => item.type === "message")).toBe(true);
    expect(answer.output_text).not.toBe("");
  });

  it("previous_response_id reuses the first turn's whole prompt from the model's cache", async () => {
    const first = await client.responses.create({
      model: MODEL,
      instructions: "You tell stories about animals.",
      input: "Tell me about a dog named Rex who lived by the sea.",
      temperature: 0,
      max_output_tokens: 20,
    });
    const second = await client.responses.create({
      model: MODEL,
      instructions: "You tell stories about animals.",
      previous_response_id: first.id,
      input: "What happened next?",
      temperature: 0,
      max_output_tokens: 10,
    });
    const firstPrompt = first.usage?.input_tokens ?? 0;
    expect(firstPrompt).toBeGreaterThan(10);
    expect(second.usage?.input_tokens ?? 0).toBeGreaterThan(firstPrompt);
    expect(second.usage?.input_tokens_details.cached_tokens ?? 0).toBeGreaterThanOrEqual(
      firstPrompt,
    );
  });

  it("retrieve, inputItems.list (paged) and delete", async () => {
    const first = await client.responses.create({
      model: MODEL,
      input: "One",
      max_output_tokens: 5,
    });
    const second = await client.responses.create({
      model: MODEL,
      previous_response_id: first.id,
      input: [
        { role: "user", content: "Two" },
        { role: "user", content: "Three" },
      ],
      max_output_tokens: 5,
    });
    const retrieved = await client.responses.retrieve(second.id);
    expect(retrieved.id).toBe(second.id);
    expect(retrieved.output_text).toBe(second.output_text);
    expect(retrieved.usage).toEqual(second.usage);

    const items: string[] = [];
    for await (const item of client.responses.inputItems.list(second.id, {
      limit: 2,
      order: "asc",
    })) {
      items.push(
        item.type === "message" && item.content[0] && "text" in item.content[0]
          ? item.content[0].text
          : item.type,
      );
    }
    expect(items).toEqual(["One", first.output_text, "Two", "Three"]);

    await client.responses.delete(second.id);
    await expect(client.responses.retrieve(second.id)).rejects.toBeInstanceOf(NotFoundError);
    // The first one stays; a continuation of the deleted one is refused by name.
    expect((await client.responses.retrieve(first.id)).id).toBe(first.id);
    await expect(
      client.responses.create({ model: MODEL, previous_response_id: second.id, input: "Four" }),
    ).rejects.toMatchObject({ status: 400, code: "previous_response_not_found" });
  });
});

describe("the AI SDK's @ai-sdk/openai responses model", () => {
  const model = () =>
    createOpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed" }).responses(MODEL);

  it("generateText: a tool loop calls the tool, sends the result back, and ends in text", async () => {
    const cities: string[] = [];
    const result = await generateText({
      model: model(),
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
      prepareStep: ({ stepNumber }) => ({ toolChoice: stepNumber === 0 ? "required" : "none" }),
      stopWhen: isStepCount(3),
      prompt: "What is the weather in Oslo?",
      temperature: 0,
      maxOutputTokens: 60,
    });
    expect(cities).toHaveLength(1);
    expect(result.steps[0]?.finishReason).toBe("tool-calls");
    expect(result.steps.at(-1)?.finishReason).not.toBe("tool-calls");
    expect(result.text.trim()).not.toBe("");
    expect(result.response.id).toMatch(/^resp_/);
  });

  it("streamText: text streams, and a named tool gets one valid call", async () => {
    const text = streamText({
      model: model(),
      prompt: "A frog",
      temperature: 0,
      maxOutputTokens: 10,
    });
    let streamed = "";
    for await (const delta of text.textStream) streamed += delta;
    expect(streamed).not.toBe("");
    expect((await text.usage).inputTokens).toBeGreaterThan(0);

    const result = streamText({
      model: model(),
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
});

describe("the OpenAI Agents SDK", () => {
  // stories260K writes until the token limit, which the SDK takes as a failed turn
  // (`response.incomplete`, as OpenAI's would be): the tool's result is the agent's answer.
  it("runs an agent whose tool is called; the tool's result is its answer", async () => {
    const cities: string[] = [];
    const agent = new Agent({
      name: "Weather",
      instructions: "You answer questions about the weather.",
      model: MODEL,
      modelSettings: { toolChoice: "required", temperature: 0, maxTokens: 60 },
      toolUseBehavior: "stop_on_first_tool",
      tools: [
        agentTool({
          name: "weather",
          description: "The weather in a city",
          parameters: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            cities.push(city);
            return `Sunny in ${city}.`;
          },
        }),
      ],
    });
    const runner = new Runner({
      modelProvider: new OpenAIProvider({
        baseURL: `${app.url}/v1`,
        apiKey: "not-needed",
        useResponses: true,
      }),
      tracingDisabled: true,
    });
    const result = await runner.run(agent, "What is the weather in Oslo?", { maxTurns: 4 });
    expect(cities).toHaveLength(1);
    expect(result.newItems.map((item) => item.type)).toEqual([
      "tool_call_item",
      "tool_call_output_item",
    ]);
    expect(result.finalOutput).toBe(`Sunny in ${cities[0]}.`);
    expect(result.lastResponseId).toMatch(/^resp_/);
  });
});
