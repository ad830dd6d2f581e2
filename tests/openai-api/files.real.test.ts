import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { testModelPath } from "../support/test-models";
import { dataUrl, makePdf, makePng } from "../support/tiny-files";

/**
 * Images and PDFs on /v1/chat/completions, end to end: the official `openai` client and the AI
 * SDK's openai-compatible provider over real sockets to our app, whose model is a scripted
 * OpenAI-compatible server named as taking images and PDFs (it records what it receives), or the
 * local engine, which reads text only and says so. And an image address is never fetched by us.
 */

let upstream: ScriptedOpenAIServer;
let remote: RunningApp;
let local: RunningApp;
let client: OpenAI;
let localClient: OpenAI;
/** Connections made to the address an image "lives" at: there must be none. */
let hits = 0;
let decoy: Server;
let decoyPort: number;

const png = makePng(4, 3, [10, 200, 30]);
const pdf = makePdf("The secret word is tangerine.");

beforeAll(async () => {
  decoy = createServer((socket) => {
    hits++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => decoy.listen(0, "127.0.0.1", resolve));
  decoyPort = (decoy.address() as AddressInfo).port;
  upstream = await startScriptedOpenAIServer();
  [remote, local] = await Promise.all([
    startApp({
      CHAT_MODEL: `openai-compatible:${upstream.baseURL}#scripted`,
      OPENAI_COMPATIBLE_VISION_MODELS: "scripted",
      OPENAI_COMPATIBLE_PDF_MODELS: "scripted",
    }),
    startApp({
      CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
      LLAMA_THREADS: "1",
    }),
  ]);
  client = new OpenAI({ baseURL: `${remote.url}/v1`, apiKey: "not-needed", maxRetries: 0 });
  localClient = new OpenAI({ baseURL: `${local.url}/v1`, apiKey: "not-needed", maxRetries: 0 });
});

afterAll(async () => {
  await Promise.all([remote?.stop(), local?.stop()]);
  await upstream?.close();
  await new Promise((resolve) => decoy?.close(resolve));
});

beforeEach(() => upstream.reset());

/** A content part as the model server received it. */
interface ReceivedPart {
  type: string;
  text?: string;
  image_url?: { url: string };
  file?: { filename: string; file_data: string };
}

/** The content parts of the last user message the model server received. */
function receivedParts(): ReceivedPart[] {
  const body = upstream.requests.at(-1) as { messages: Array<{ role: string; content: unknown }> };
  const user = body.messages.filter((message) => message.role === "user").at(-1);
  return user?.content as ReceivedPart[];
}

/** The bytes of a base64 data URL. */
const bytesOf = (url: string) => Buffer.from(url.slice(url.indexOf(",") + 1), "base64");

describe("to a model that takes images and PDFs", () => {
  it("an image_url part reaches the model server with the same bytes", async () => {
    upstream.enqueue({ reply: ["A green ", "square."] });
    const completion = await client.chat.completions.create({
      model: "scripted",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image_url", image_url: { url: dataUrl("image/png", png) } },
          ],
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe("A green square.");
    const [text, image] = receivedParts();
    expect(text).toEqual({ type: "text", text: "What is in this picture?" });
    expect(image?.type).toBe("image_url");
    expect(image?.image_url?.url ?? "").toMatch(/^data:image\/png;base64,/);
    expect(bytesOf(image?.image_url?.url ?? "").equals(png)).toBe(true);
  });

  it("a streamed request carries its image too", async () => {
    upstream.enqueue({ reply: ["Green."] });
    const stream = await client.chat.completions.create({
      model: "scripted",
      stream: true,
      messages: [
        {
          role: "user",
          content: [{ type: "image_url", image_url: { url: dataUrl("image/png", png) } }],
        },
      ],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Green.");
    expect(bytesOf(receivedParts()[0]?.image_url?.url ?? "").equals(png)).toBe(true);
  });

  it("a PDF file part reaches the model server with the same bytes and its name", async () => {
    upstream.enqueue({ reply: ["Tangerine."] });
    await client.chat.completions.create({
      model: "scripted",
      messages: [
        {
          role: "user",
          content: [
            {
              type: "file",
              file: { file_data: dataUrl("application/pdf", pdf), filename: "secret.pdf" },
            },
            { type: "text", text: "What is the secret word?" },
          ],
        },
      ],
    });
    const [file, text] = receivedParts();
    expect(file?.type).toBe("file");
    expect(file?.file?.filename).toBe("secret.pdf");
    expect(file?.file?.file_data ?? "").toMatch(/^data:application\/pdf;base64,/);
    expect(bytesOf(file?.file?.file_data ?? "").equals(pdf)).toBe(true);
    expect(text).toEqual({ type: "text", text: "What is the secret word?" });
  });

  it("the AI SDK's openai-compatible provider sends an image that arrives", async () => {
    upstream.enqueue({ reply: ["Green."] });
    const model = createOpenAICompatible({ name: "ours", baseURL: `${remote.url}/v1` }).chatModel(
      "scripted",
    );
    const { text } = await generateText({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Colour?" },
            { type: "file", data: new Uint8Array(png), mediaType: "image/png" },
          ],
        },
      ],
    });
    expect(text).toBe("Green.");
    const [, image] = receivedParts();
    expect(bytesOf(image?.image_url?.url ?? "").equals(png)).toBe(true);
  });

  it("file_id (OpenAI's Files API) is refused with a sentence saying what to send", async () => {
    const error = await client.chat.completions
      .create({
        model: "scripted",
        messages: [{ role: "user", content: [{ type: "file", file: { file_id: "file-abc" } }] }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(
      "messages[0].content[0].file.file_id",
    );
    expect((error as Error).message).toContain("file_data");
    expect(upstream.requests).toHaveLength(0);
  });
});

describe("/v1/responses", () => {
  it("input_image and input_file reach the model server with the same bytes, and are kept", async () => {
    upstream.enqueue({ reply: ["Green, and tangerine."] });
    const response = await client.responses.create({
      model: "scripted",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "Colour, and the secret word?" },
            { type: "input_image", image_url: dataUrl("image/png", png), detail: "auto" },
            { type: "input_file", file_data: dataUrl("application/pdf", pdf), filename: "s.pdf" },
          ],
        },
      ],
    });
    expect(response.output_text).toBe("Green, and tangerine.");
    const [text, image, file] = receivedParts();
    expect(text).toEqual({ type: "text", text: "Colour, and the secret word?" });
    expect(bytesOf(image?.image_url?.url ?? "").equals(png)).toBe(true);
    expect(file?.file?.filename).toBe("s.pdf");
    expect(bytesOf(file?.file?.file_data ?? "").equals(pdf)).toBe(true);

    // The next turn continues the stored response: its image goes to the model again.
    upstream.enqueue({ reply: ["Still green."] });
    await client.responses.create({
      model: "scripted",
      previous_response_id: response.id,
      input: "And now?",
    });
    const body = upstream.requests.at(-1) as { messages: Array<{ content: unknown }> };
    const first = body.messages[0]?.content as ReceivedPart[];
    expect(bytesOf(first[1]?.image_url?.url ?? "").equals(png)).toBe(true);
  });

  it("the local model answers 400 naming the part", async () => {
    const error = await localClient.responses
      .create({
        model: (await localClient.models.list()).data[0]?.id ?? "",
        input: [
          {
            role: "user",
            content: [
              { type: "input_text", text: "Look:" },
              { type: "input_image", image_url: dataUrl("image/png", png), detail: "auto" },
            ],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refusal = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refusal.param).toBe("input[0].content[1]");
    expect(refusal.message).toContain("cannot take images");
  });
});

describe("an image address is never fetched by this server", () => {
  it.each([
    ["https", `https://127.0.0.1:${0}/cat.png`],
    ["http", `http://127.0.0.1:${0}/cat.png`],
  ])(
    "%s: refused with a 400, and nothing reaches the address or the model",
    async (_, template) => {
      const url = template.replace(":0/", `:${decoyPort}/`);
      const error = await client.chat.completions
        .create({
          model: "scripted",
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "Look:" },
                { type: "image_url", image_url: { url } },
              ],
            },
          ],
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const refusal = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect(refusal.param).toMatch(/^messages\[0\]\.content\[1\]/);
      expect(refusal.message).toContain("data:");
      // A moment for any fetch that was started to connect.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hits).toBe(0);
      expect(upstream.requests).toHaveLength(0);
    },
  );
});

describe("to the local model, which reads text only", () => {
  it("an image is a 400 that says so, naming the part", async () => {
    const error = await localClient.chat.completions
      .create({
        model: (await localClient.models.list()).data[0]?.id ?? "",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Describe it." },
              { type: "image_url", image_url: { url: dataUrl("image/png", png) } },
            ],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refusal = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refusal.status).toBe(400);
    expect(refusal.type).toBe("invalid_request_error");
    expect(refusal.param).toBe("messages[0].content[1]");
    expect(refusal.message).toContain("cannot take images");
    expect(refusal.message).toContain("reads text only");
  });

  it("so is a PDF", async () => {
    const error = await localClient.chat.completions
      .create({
        model: (await localClient.models.list()).data[0]?.id ?? "",
        messages: [
          {
            role: "user",
            content: [
              {
                type: "file",
                file: { file_data: dataUrl("application/pdf", pdf), filename: "a.pdf" },
              },
            ],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(
      "messages[0].content[0]",
    );
    expect((error as Error).message).toContain("cannot take PDF files");
  });
});
