import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { testModelPath } from "../support/test-models";
import { makePdf, makePng } from "../support/tiny-files";

/**
 * Images and PDFs on /v1/messages through Anthropic's own SDK over a real socket: `image` and
 * `document` blocks with base64 sources reach a model server that takes them (scripted, it
 * records what it receives) with the same bytes; the local model answers 400 naming the block.
 */

let upstream: ScriptedOpenAIServer;
let remote: RunningApp;
let local: RunningApp;

const png = makePng(2, 5, [250, 250, 0]);
const pdf = makePdf("Minutes of the meeting.");

beforeAll(async () => {
  upstream = await startScriptedOpenAIServer();
  [remote, local] = await Promise.all([
    startApp({
      CHAT_MODEL: `openai-compatible:${upstream.baseURL}#scripted`,
      OPENAI_COMPATIBLE_VISION_MODELS: "*",
      OPENAI_COMPATIBLE_PDF_MODELS: "*",
    }),
    startApp({
      CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
      LLAMA_THREADS: "1",
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([remote?.stop(), local?.stop()]);
  await upstream?.close();
});

beforeEach(() => upstream.reset());

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const bytesOf = (url: string) => Buffer.from(url.slice(url.indexOf(",") + 1), "base64");

const content: Anthropic.ContentBlockParam[] = [
  { type: "image", source: { type: "base64", media_type: "image/png", data: base64(png) } },
  {
    type: "document",
    source: { type: "base64", media_type: "application/pdf", data: base64(pdf) },
  },
  { type: "text", text: "Summarise both." },
];

describe("/v1/messages with image and document blocks", () => {
  it("reach a model server that takes them, with the same bytes, in their order", async () => {
    upstream.enqueue({ reply: ["A yellow bar; minutes."] });
    const client = new Anthropic({ baseURL: remote.url, apiKey: "not-needed", maxRetries: 0 });
    const message = await client.messages.create({
      model: "claude-sonnet-4-5",
      max_tokens: 100,
      messages: [{ role: "user", content }],
    });
    expect(message.content[0]).toMatchObject({ type: "text", text: "A yellow bar; minutes." });
    const body = upstream.requests[0] as {
      messages: Array<{ role: string; content: Array<Record<string, Record<string, string>>> }>;
    };
    const [image, file, text] = body.messages.at(-1)?.content ?? [];
    expect(bytesOf(image?.image_url?.url ?? "").equals(png)).toBe(true);
    expect(bytesOf(file?.file?.file_data ?? "").equals(pdf)).toBe(true);
    expect(text).toEqual({ type: "text", text: "Summarise both." });
  });

  it("the local model answers 400 naming the block", async () => {
    const client = new Anthropic({ baseURL: local.url, apiKey: "not-needed", maxRetries: 0 });
    const error = await client.messages
      .create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const refusal = error as InstanceType<typeof Anthropic.BadRequestError>;
    expect(refusal.status).toBe(400);
    expect(refusal.message).toContain("messages.0.content.0: ");
    expect(refusal.message).toContain("cannot take images");
  });
});
