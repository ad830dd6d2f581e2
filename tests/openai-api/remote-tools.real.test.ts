import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { assembleToolCalls } from "../support/assemble-tool-calls";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * Remote models (`openai-compatible:`): tools and reasoning pass through the AI SDK to the model
 * server and come back out of our /v1 as OpenAI sends them. The model server is scripted; the
 * client is the official `openai` package over a real socket.
 */

let upstream: ScriptedOpenAIServer;
let app: RunningApp;
let client: OpenAI;
let model: string;

beforeAll(async () => {
  upstream = await startScriptedOpenAIServer();
  app = await startApp({ CHAT_MODEL: `openai-compatible:${upstream.baseURL}#scripted` });
  client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed", maxRetries: 0 });
  model = (await client.models.list()).data[0]?.id ?? "";
});

afterAll(async () => {
  await app?.stop();
  await upstream?.close();
});

beforeEach(() => upstream.reset());

const add: OpenAI.ChatCompletionTool = {
  type: "function",
  function: {
    name: "add",
    description: "Adds two numbers.",
    parameters: {
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    },
  },
};

describe("through a remote model", () => {
  it("tools and tool_choice reach the model server; its call comes back as tool_calls", async () => {
    upstream.enqueue({ reply: [], toolCalls: [{ name: "add", arguments: '{"a":1,"b":2}' }] });
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "What is 1 + 2?" }],
      tools: [add],
      tool_choice: { type: "function", function: { name: "add" } },
    });
    const sent = upstream.requests[0] as { tools: unknown[]; tool_choice: unknown };
    expect(sent.tools).toEqual([add]);
    expect(sent.tool_choice).toEqual({ type: "function", function: { name: "add" } });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      {
        id: expect.any(String),
        type: "function",
        function: { name: "add", arguments: '{"a":1,"b":2}' },
      },
    ]);
  });

  it("a streamed call assembles into valid JSON; the result goes back as a tool message", async () => {
    upstream.enqueue(
      { reply: [], toolCalls: [{ name: "add", arguments: '{"a":40,"b":2}' }] },
      { reply: ["It is ", "42."] },
    );
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "What is 40 + 2?" }],
      tools: [add],
      stream: true,
    });
    const { calls, finish } = await assembleToolCalls(stream);
    expect(finish).toBe("tool_calls");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe("add");
    const { a, b } = JSON.parse(calls[0]?.arguments ?? "") as { a: number; b: number };

    const answer = await client.chat.completions.create({
      model,
      messages: [
        { role: "user", content: "What is 40 + 2?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: calls[0]?.id ?? "",
              type: "function",
              function: { name: "add", arguments: calls[0]?.arguments ?? "" },
            },
          ],
        },
        { role: "tool", tool_call_id: calls[0]?.id ?? "", content: String(a + b) },
      ],
      tools: [add],
    });
    expect(answer.choices[0]?.message.content).toBe("It is 42.");
    const sent = upstream.requests[1] as { messages: Array<Record<string, unknown>> };
    expect(sent.messages.at(-1)).toMatchObject({ role: "tool", content: "42" });
  });

  it("thinking comes out as reasoning_content, whole and streamed, with reasoning tokens", async () => {
    upstream.enqueue(
      { reasoning: ["Think", "ing."], reply: ["Done."] },
      { reasoning: ["Think", "ing."], reply: ["Done."] },
    );
    const request = { model, messages: [{ role: "user" as const, content: "Hi" }] };
    const whole = await client.chat.completions.create(request);
    const message = whole.choices[0]?.message as { content: string; reasoning_content?: string };
    expect(message.reasoning_content).toBe("Thinking.");
    expect(message.content).toBe("Done.");
    expect(whole.usage?.completion_tokens_details?.reasoning_tokens).toBe(2);

    const stream = await client.chat.completions.create({ ...request, stream: true });
    let reasoning = "";
    let content = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string };
      reasoning += delta?.reasoning_content ?? "";
      content += delta?.content ?? "";
    }
    expect(reasoning).toBe("Thinking.");
    expect(content).toBe("Done.");
  });
});
