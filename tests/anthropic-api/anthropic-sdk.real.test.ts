import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { templatedModelPath, testModelPath } from "../support/test-models";
import { makePng } from "../support/tiny-files";

/**
 * The built app over a real socket, on the real stories260K model, spoken to by Anthropic's own
 * client (`@anthropic-ai/sdk`): messages.create, messages.stream, countTokens, a tool round trip
 * and its errors. stories260K writes little stories whatever it is asked; the tests check the
 * protocol, and that a forced call is valid (grammar-bound) even from a model this small. The
 * SDK no longer types `temperature`; the local model is greedy by default, so replies repeat.
 */

/** Claude Code's and the SDK's examples send Claude's names: the served model answers them. */
const MODEL = "claude-sonnet-4-5-20250929";
const KEY = "test-key-1";

const weather: Anthropic.Tool = {
  name: "weather",
  description: "The weather in a city",
  input_schema: {
    // As Claude Code sends its tools' schemas.
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  } as Anthropic.Tool.InputSchema,
};
const add: Anthropic.Tool = {
  name: "add",
  description: "Adds two numbers",
  input_schema: {
    type: "object",
    properties: { a: { type: "number" }, b: { type: "number" } },
    required: ["a", "b"],
  },
};

async function waitForHealth(app: RunningApp) {
  const deadline = Date.now() + 30_000;
  while ((await fetch(`${app.url}/health`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`/health never turned 200:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("on stories260K, with a key", () => {
  let app: RunningApp;
  let client: Anthropic;

  beforeAll(async () => {
    app = await startApp({
      CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
      LLAMA_THREADS: "1",
      LLAMA_SEQUENCES: "2",
      CHAT_API_KEYS: KEY,
    });
    await waitForHealth(app);
    client = new Anthropic({ baseURL: app.url, apiKey: KEY, maxRetries: 0 });
  });

  afterAll(async () => {
    await app?.stop();
  });

  const story = (text: string): Anthropic.MessageParam[] => [{ role: "user", content: text }];

  it("messages.create: a message with text, max_tokens as the stop reason, exact usage", async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 12,
      system: "Tell stories.",
      messages: story("A cat"),
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.type).toBe("message");
    expect(message.role).toBe("assistant");
    expect(message.model).toBe(MODEL);
    expect(message.content).toHaveLength(1);
    expect(message.content[0]?.type).toBe("text");
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.usage.output_tokens).toBe(12);
    expect(
      message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0),
    ).toBeGreaterThan(0);
  });

  it("messages.stream: the same text as create, assembled from text deltas, and the final message", async () => {
    const request = {
      model: MODEL,
      max_tokens: 15,
      messages: story("Once upon a time"),
    };
    const whole = await client.messages.create(request);
    const stream = client.messages.stream(request);
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const final = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(whole.content[0]?.type === "text" ? whole.content[0].text : "");
    expect(final.content).toEqual(whole.content);
    expect(final.stop_reason).toBe("max_tokens");
    expect(final.usage.output_tokens).toBe(15);
    // The stream's usage comes in message_delta, the whole prompt counted as create counts it.
    expect(final.usage.input_tokens + (final.usage.cache_read_input_tokens ?? 0)).toBe(
      whole.usage.input_tokens + (whole.usage.cache_read_input_tokens ?? 0),
    );
  });

  it("countTokens: the prompt tokens a message reports", async () => {
    const request = { model: MODEL, system: "Be kind.", messages: story("A dog and a ball") };
    const { input_tokens } = await client.messages.countTokens(request);
    const message = await client.messages.create({ ...request, max_tokens: 1 });
    expect(input_tokens).toBe(
      message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0),
    );
  });

  it("a second turn reuses the whole first prompt (cache_read_input_tokens)", async () => {
    const first = story("The little bird sang");
    const reply = await client.messages.create({
      model: MODEL,
      max_tokens: 20,
      messages: first,
    });
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 5,
      messages: [
        ...first,
        { role: "assistant", content: reply.content },
        { role: "user", content: "And then?" },
      ],
    });
    const firstPrompt = reply.usage.input_tokens + (reply.usage.cache_read_input_tokens ?? 0);
    expect(second.usage.cache_read_input_tokens).toBeGreaterThanOrEqual(firstPrompt);
  });

  it("stop_sequences: stop_reason stop_sequence names the one that matched", async () => {
    const baseline = await client.messages.create({
      model: MODEL,
      max_tokens: 40,
      messages: story("Once upon a time"),
    });
    const text = baseline.content[0]?.type === "text" ? baseline.content[0].text : "";
    const stop = text.match(/[A-Za-z]{3,}/g)?.[1];
    if (!stop) throw new Error(`no second word in ${JSON.stringify(text)}`);
    const stopped = await client.messages.create({
      model: MODEL,
      max_tokens: 40,
      messages: story("Once upon a time"),
      stop_sequences: ["zzzz", stop],
    });
    expect(stopped.stop_reason).toBe("stop_sequence");
    expect(stopped.stop_sequence).toBe(stop);
    expect(stopped.content[0]).toEqual({ type: "text", text: text.slice(0, text.indexOf(stop)) });
  });

  it("a bearer token (the SDK's authToken, Claude Code's ANTHROPIC_AUTH_TOKEN) works too", async () => {
    const bearer = new Anthropic({ baseURL: app.url, authToken: KEY, maxRetries: 0 });
    const message = await bearer.messages.create({
      model: MODEL,
      max_tokens: 2,
      messages: story("Hi"),
    });
    expect(message.type).toBe("message");
  });

  it("errors are the SDK's error classes, from Anthropic's envelope", async () => {
    const wrongKey = new Anthropic({ baseURL: app.url, apiKey: "nope", maxRetries: 0 });
    await expect(
      wrongKey.messages.create({ model: MODEL, max_tokens: 2, messages: story("Hi") }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);

    const otherModel = client.messages.create({
      model: "gpt-4o",
      max_tokens: 2,
      messages: story("Hi"),
    });
    await expect(otherModel).rejects.toBeInstanceOf(Anthropic.NotFoundError);

    const image = client.messages.create({
      model: MODEL,
      max_tokens: 2,
      messages: [
        {
          role: "user",
          content: [
            {
              type: "image",
              source: {
                type: "base64",
                media_type: "image/png",
                data: makePng(1, 1, [0, 0, 0]).toString("base64"),
              },
            },
          ],
        },
      ],
    });
    await expect(image).rejects.toSatisfy(
      (error) =>
        error instanceof Anthropic.BadRequestError &&
        /^messages\.0\.content\.0: The model '.+' cannot take images/.test(
          (error.error as { error: { message: string } }).error.message,
        ),
    );

    // The model's context is 2048 tokens here: a reply that cannot fit is refused in the words
    // Claude Code reads to ask again with a smaller max_tokens.
    const tooLong = client.messages.create({
      model: MODEL,
      max_tokens: 4000,
      messages: story("Hi"),
    });
    await expect(tooLong).rejects.toSatisfy(
      (error) =>
        error instanceof Anthropic.BadRequestError &&
        /^input length and `max_tokens` exceed context limit: \d+ \+ 4000 > 2048/.test(
          (error.error as { error: { message: string } }).error.message,
        ),
    );
  });
});

describe("tools, on stories260K with Qwen2.5's tool-declaring template", () => {
  let app: RunningApp;
  let client: Anthropic;

  beforeAll(async () => {
    app = await startApp({
      CHAT_MODEL: `local:${await templatedModelPath("qwen2.5-tools")}`,
      LLAMA_THREADS: "1",
      LLAMA_SEQUENCES: "2",
    });
    await waitForHealth(app);
    client = new Anthropic({ baseURL: app.url, apiKey: "not-needed", maxRetries: 0 });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("a forced call (tool_choice any) is a valid tool_use; its result goes back and the reply is text", async () => {
    const question: Anthropic.MessageParam = {
      role: "user",
      content: "What is the weather in Oslo?",
    };
    const call = await client.messages.create({
      model: MODEL,
      max_tokens: 120,
      messages: [question],
      tools: [weather, add],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });
    expect(call.stop_reason).toBe("tool_use");
    const uses = call.content.filter((block) => block.type === "tool_use");
    expect(uses).toHaveLength(1);
    const use = uses[0] as Anthropic.ToolUseBlock;
    expect(["weather", "add"]).toContain(use.name);
    expect(use.input).toEqual(
      use.name === "weather"
        ? { city: expect.any(String) }
        : { a: expect.any(Number), b: expect.any(Number) },
    );

    const answer = await client.messages.create({
      model: MODEL,
      max_tokens: 30,
      messages: [
        question,
        { role: "assistant", content: call.content },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: use.id,
              content: [{ type: "text", text: "Sunny." }],
            },
          ],
        },
      ],
      tools: [weather, add],
    });
    expect(answer.stop_reason).not.toBe("tool_use");
    expect(answer.content.some((block) => block.type === "text" && block.text.trim() !== "")).toBe(
      true,
    );
    // The turn after the result evaluated only what is new: the first prompt was reused whole.
    expect(answer.usage.cache_read_input_tokens).toBeGreaterThanOrEqual(
      call.usage.input_tokens + (call.usage.cache_read_input_tokens ?? 0),
    );
  });

  it("a named tool (tool_choice tool) streams as input_json_delta events into a valid input", async () => {
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 120,
      messages: [{ role: "user", content: "Add 2 and 3." }],
      tools: [weather, add],
      tool_choice: { type: "tool", name: "add" },
    });
    const pieces: string[] = [];
    stream.on("inputJson", (piece) => pieces.push(piece));
    const final = await stream.finalMessage();
    expect(pieces.length).toBeGreaterThan(1);
    expect(final.stop_reason).toBe("tool_use");
    const use = final.content.find((block) => block.type === "tool_use");
    expect(use).toMatchObject({
      name: "add",
      input: { a: expect.any(Number), b: expect.any(Number) },
    });
  });

  it("countTokens counts the tools' documentation, as the reply's prompt does", async () => {
    const request = {
      model: MODEL,
      messages: [{ role: "user" as const, content: "Weather?" }],
      tools: [weather],
      tool_choice: { type: "any" as const },
    };
    const withTools = await client.messages.countTokens(request);
    const without = await client.messages.countTokens({ model: MODEL, messages: request.messages });
    expect(withTools.input_tokens).toBeGreaterThan(without.input_tokens);
    const message = await client.messages.create({ ...request, max_tokens: 60 });
    expect(withTools.input_tokens).toBe(
      message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0),
    );
  });
});
