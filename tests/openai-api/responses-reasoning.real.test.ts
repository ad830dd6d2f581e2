import { createOpenAI } from "@ai-sdk/openai";
import { streamText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { templatedModelPath } from "../support/test-models";

/**
 * A reasoning model's thinking through `/v1/responses`, on the built app: stories260K with a
 * Qwen3-style template that opens `<think>` at each reply, its thought capped at 10 tokens
 * (LLAMA_THINKING). The thinking is sent as the reasoning item's summary, which is what the
 * clients show: the AI SDK reads it as reasoning.
 */

let app: RunningApp;
let model: string;

beforeAll(async () => {
  app = await startApp({
    CHAT_MODEL: `local:${await templatedModelPath("qwen3-thinking")}`,
    LLAMA_THINKING: "10",
    LLAMA_THREADS: "1",
    LLAMA_SEQUENCES: "1",
  });
  const client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed", maxRetries: 0 });
  model = (await client.models.list()).data[0]?.id ?? "";
});

afterAll(async () => {
  await app?.stop();
});

describe("thinking over /v1/responses", () => {
  it("the official client: a reasoning item first, its summary the thought, reasoning tokens counted", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed", maxRetries: 0 });
    const response = await client.responses.create({
      model,
      input: "Tell me a story.",
      temperature: 0,
      max_output_tokens: 30,
      store: false,
    });
    expect(response.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    const reasoning = response.output[0];
    expect(reasoning?.type === "reasoning" && reasoning.summary[0]?.text.trim()).toBeTruthy();
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(10);

    const off = await client.responses.create({
      model,
      input: "Tell me a story.",
      reasoning: { effort: "none" },
      temperature: 0,
      max_output_tokens: 20,
      store: false,
    });
    expect(off.output.map((item) => item.type)).toEqual(["message"]);
    expect(off.usage?.output_tokens_details.reasoning_tokens).toBe(0);
  });

  it("the AI SDK's responses model streams it as reasoning, then the text", async () => {
    const result = streamText({
      model: createOpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed" }).responses(model),
      prompt: "Tell me a story.",
      temperature: 0,
      maxOutputTokens: 30,
    });
    const order: string[] = [];
    for await (const part of result.stream) {
      if (part.type === "reasoning-delta" || part.type === "text-delta") {
        if (order.at(-1) !== part.type) order.push(part.type);
      }
    }
    expect(order).toEqual(["reasoning-delta", "text-delta"]);
    expect((await result.reasoningText)?.trim()).not.toBe("");
    expect((await result.usage).outputTokenDetails.reasoningTokens).toBe(10);
  });
});
