import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import type { ModelInputs } from "@/lib/models/model-inputs";
import type { ModelSpec } from "@/lib/models/model-spec";
import { dataUrl, makePdf, makePng } from "@/tests/support/tiny-files";
import { createOpenAIApi } from "./create-openai-api";
import { requestLimitsFrom } from "./request-limits";

/**
 * Which images and files reach which model, through the handler over an AI SDK mock model: what
 * the model receives, and the 400 that names the part it cannot take (never a silent drop).
 */

const png = makePng(3, 2, [0, 128, 255]);
const pdf = makePdf("Page one.");
const compatible: ModelSpec = {
  provider: "openai-compatible",
  baseURL: "http://127.0.0.1:1/v1",
  model: "vision",
};

function served(spec: ModelSpec, inputs: ModelInputs, maxFileBytes = 1024 * 1024) {
  const calls: LanguageModelV4CallOptions[] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (options) => {
      calls.push(options);
      return {
        content: [{ type: "text", text: "Seen." }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 1, text: 1, reasoning: undefined },
        },
        warnings: [],
      };
    },
  });
  const handler = createOpenAIApi({
    getModel: () => ({ spec, name: "m", model }),
    modelInputs: () => inputs,
    modelStatus: () => ({ state: "ready" }),
    limits: { maxMessages: 10 },
    requestLimits: { ...requestLimitsFrom(parseEnv({})), maxFileBytes },
    maxBodyBytes: 8 * 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
  });
  const send = (...content: unknown[]) =>
    handler(
      new Request("http://localhost/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "m",
          messages: [
            { role: "system", content: "Be brief." },
            { role: "user", content, name: "Ada" },
          ],
        }),
      }),
    );
  return { send, calls };
}

const image = (url: string) => ({ type: "image_url", image_url: { url } });
const file = (bytes: Uint8Array, filename = "a.pdf") => ({
  type: "file",
  file: { file_data: dataUrl("application/pdf", bytes), filename },
});

describe("images and files reach a model that takes them", () => {
  it("an image goes to the model as a file part of its bytes, after the named text", async () => {
    const { send, calls } = served(compatible, { images: true, pdfs: false });
    const response = await send(
      { type: "text", text: "What is this?" },
      image(dataUrl("image/png", png)),
    );
    expect(response.status).toBe(200);
    expect(calls[0]?.prompt[1]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "Ada: What is this?" },
        { type: "file", mediaType: "image/png", data: { type: "data", data: new Uint8Array(png) } },
      ],
    });
  });

  it("a PDF goes as an application/pdf file part with its name", async () => {
    const { send, calls } = served(compatible, { images: false, pdfs: true });
    expect((await send(file(pdf, "notes.pdf"))).status).toBe(200);
    expect(calls[0]?.prompt[1]?.content).toEqual([
      {
        type: "file",
        mediaType: "application/pdf",
        filename: "notes.pdf",
        data: { type: "data", data: new Uint8Array(pdf) },
      },
    ]);
  });

  it("OpenAI's models get an https image address to fetch themselves, with its detail", async () => {
    const { send, calls } = served(
      { provider: "openai", model: "gpt-4o" },
      { images: true, pdfs: true },
    );
    const url = "https://example.com/cat.png";
    const response = await send({ type: "image_url", image_url: { url, detail: "high" } });
    expect(response.status).toBe(200);
    expect(calls[0]?.prompt[1]?.content).toEqual([
      {
        type: "file",
        mediaType: "image",
        data: { type: "url", url: new URL(url) },
        providerOptions: { openai: { imageDetail: "high" } },
      },
    ]);
  });
});

describe("a model that cannot take them answers 400 naming the part", () => {
  it.each([
    [
      "an image to the local model",
      served({ provider: "local", model: "/m.gguf" }, { images: false, pdfs: false }),
      image(dataUrl("image/png", png)),
      "cannot take images",
    ],
    [
      "a PDF to a model that sees images only",
      served(compatible, { images: true, pdfs: false }),
      file(pdf),
      "cannot take PDF files",
    ],
    [
      "an image address to an OpenAI-compatible server",
      served(compatible, { images: true, pdfs: true }),
      image("https://example.com/cat.png"),
      "does not fetch image addresses",
    ],
    [
      "an image larger than the limit",
      served(compatible, { images: true, pdfs: true }, 64),
      image(dataUrl("image/png", png)),
      "at most 64 B per image or file",
    ],
  ])("%s", async (_, { send, calls }, part, words) => {
    const response = await send({ type: "text", text: "Look:" }, part);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ type: "invalid_request_error", param: "messages[1].content[1]" });
    expect(error.message).toContain(words);
    expect(calls).toHaveLength(0);
  });
});
