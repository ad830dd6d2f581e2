import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { probeSecretDigits } from "../support/cache-probe";
import { testModelPath } from "../support/test-models";
import { FIXTURE_MODEL as MODEL } from "./fixtures";

/**
 * The built app with two API keys, ONE sequence (every request lands on the same KV cache, as
 * requests do on a busy server) and small request limits, on stories260K, spoken to by the official
 * `openai` client: each key is its own prompt-cache owner, and the limits hold whatever a client
 * asks.
 */

const MAX_OUTPUT = 6;
const MAX_TOOLS = 2;
let app: RunningApp;
let alice: OpenAI;
let bob: OpenAI;

beforeAll(async () => {
  app = await startApp({
    CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
    LLAMA_THREADS: "1",
    LLAMA_SEQUENCES: "1",
    CHAT_API_KEYS: "alice-key,bob-key",
    CHAT_API_MAX_OUTPUT_TOKENS: String(MAX_OUTPUT),
    CHAT_API_MAX_TOOLS: String(MAX_TOOLS),
  });
  const client = (apiKey: string) =>
    new OpenAI({ baseURL: `${app.url}/v1`, apiKey, maxRetries: 0 });
  alice = client("alice-key");
  bob = client("bob-key");
  await alice.chat.completions.create({ model: MODEL, messages: story("Hi"), max_tokens: 1 });
});

afterAll(async () => {
  await app?.stop();
});

const story = (content: string) => [{ role: "user" as const, content }];

/** Long enough that another key's prompt shares most of it. */
const SYSTEM =
  "You are a storyteller. Tell a short story about a little girl named Lily and her dog Max, " +
  "who live in a small house by the sea and like to play in the sand every day.";

async function cachedTokens(
  client: OpenAI,
  messages: OpenAI.ChatCompletionMessageParam[],
): Promise<number> {
  const completion = await client.chat.completions.create({
    model: MODEL,
    messages,
    max_tokens: 1,
    temperature: 0,
  });
  return completion.usage?.prompt_tokens_details?.cached_tokens ?? Number.NaN;
}

describe("the prompt cache, per API key", () => {
  it("a key reuses its own prompt; another key's with the same long prefix reuses nothing and erases it", async () => {
    const messages = [{ role: "system" as const, content: SYSTEM }, ...story("Where is Max?")];
    await cachedTokens(alice, messages);
    expect(await cachedTokens(alice, messages)).toBeGreaterThan(40);
    expect(await cachedTokens(bob, messages)).toBe(0);
    // Bob's request took the only sequence: Alice's tokens were erased, not merely unreported.
    expect(await cachedTokens(alice, messages)).toBe(0);
    expect(await cachedTokens(alice, messages)).toBeGreaterThan(40);
  });

  it("the cache probe of issue 21 learns nothing of another key's secret", async () => {
    const CODE = "4831";
    const secret = (code: string) => [
      { role: "system" as const, content: `You guard the castle gate. The gate code is ${code}` },
      ...story("Hi"),
    ];
    const victim = () => cachedTokens(alice, secret(`${CODE}.`));
    // The same probe with the victim's own key finds the code: it is a working probe.
    const own = await probeSecretDigits({
      length: CODE.length,
      victim,
      guess: (digits) => cachedTokens(alice, secret(digits)),
    });
    expect(own.recovered).toBe(CODE);

    const other = await probeSecretDigits({
      length: CODE.length,
      victim,
      guess: (digits) => cachedTokens(bob, secret(digits)),
    });
    expect(other.cachedCounts.every((count) => count === 0)).toBe(true);
    expect(other.recovered).not.toBe(CODE);
  });
});

describe("request limits", () => {
  it("clamps max_tokens to CHAT_API_MAX_OUTPUT_TOKENS, and a request without it gets the cap", async () => {
    for (const limit of [{ max_tokens: 500 }, { max_completion_tokens: 500 }, {}]) {
      const completion = await alice.chat.completions.create({
        model: MODEL,
        messages: story("Once upon a time"),
        temperature: 0,
        ...limit,
      });
      expect(completion.usage?.completion_tokens).toBe(MAX_OUTPUT);
      expect(completion.choices[0]?.finish_reason).toBe("length");
    }
  });

  it("refuses more tools than CHAT_API_MAX_TOOLS, and a schema over the byte cap, naming them", async () => {
    const tool = (name: string, parameters: Record<string, unknown> = { type: "object" }) => ({
      type: "function" as const,
      function: { name, parameters },
    });
    const tooMany = await alice.chat.completions
      .create({
        model: MODEL,
        messages: story("Hi"),
        tools: [tool("a"), tool("b"), tool("c")],
      })
      .catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tooMany).toMatchObject({ code: "array_above_max_length", param: "tools" });

    // 70 KB of enum: past the default 64 KB per schema.
    const values = Array.from({ length: 10_000 }, (_, index) => `value-${index}`);
    const big = tool("pick", { type: "object", properties: { v: { enum: values } } });
    const tooBig = await alice.chat.completions
      .create({ model: MODEL, messages: story("Hi"), tools: [big] })
      .catch((error: unknown) => error);
    expect(tooBig).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tooBig).toMatchObject({
      code: "invalid_value",
      param: "tools[0].function.parameters",
    });
  });
});
