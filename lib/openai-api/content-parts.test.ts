import { describe, expect, it } from "vitest";
import { dataUrl, makePdf, makePng } from "@/tests/support/tiny-files";
import { OpenAIApiError } from "./openai-api-error";
import { createChatCompletionRequestParser } from "./parse-chat-completion-request";

/** Images (`image_url`) and PDFs (`file`) in Chat Completions messages: how they are read. */

const parse = createChatCompletionRequestParser({ maxMessages: 4 }, 100_000);
const request = (body: unknown) =>
  new Request("http://x", { method: "POST", body: JSON.stringify(body) });
const withParts = (...content: unknown[]) => ({
  model: "m",
  messages: [{ role: "user", content }],
});

async function refusal(body: unknown) {
  try {
    await parse(request(body));
  } catch (error) {
    if (OpenAIApiError.isInstance(error)) return error.toBody().error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

const png = makePng(2, 2, [255, 0, 0]);
const pdf = makePdf("The secret word is tangerine.");

describe("content parts", () => {
  it("an image data URL becomes its bytes, typed from the bytes; text keeps its place", async () => {
    // Labelled JPEG, but the bytes are a PNG: the bytes say what it is.
    const parsed = await parse(
      request(
        withParts(
          { type: "text", text: "What colour?" },
          { type: "image_url", image_url: { url: dataUrl("image/jpeg", png), detail: "low" } },
        ),
      ),
    );
    expect(parsed.messages).toEqual([
      {
        role: "user",
        content: "What colour?",
        parts: [
          { type: "text", text: "What colour?" },
          { type: "image", data: new Uint8Array(png), mediaType: "image/png", detail: "low" },
        ],
      },
    ]);
  });

  it("an https image address is kept as an address (never fetched here)", async () => {
    const parsed = await parse(
      request(withParts({ type: "image_url", image_url: { url: "https://example.com/a.png" } })),
    );
    expect(parsed.messages[0]).toMatchObject({
      parts: [{ type: "image-url", url: "https://example.com/a.png" }],
    });
  });

  it("a PDF file part becomes its bytes and name", async () => {
    const parsed = await parse(
      request(
        withParts({
          type: "file",
          file: { file_data: dataUrl("application/pdf", pdf), filename: "notes.pdf" },
        }),
      ),
    );
    expect(parsed.messages[0]).toMatchObject({
      content: "",
      parts: [{ type: "pdf", data: new Uint8Array(pdf), filename: "notes.pdf" }],
    });
  });

  it("a message of text parts only has no parts", async () => {
    const parsed = await parse(
      request(withParts({ type: "text", text: "a" }, { type: "text", text: "b" })),
    );
    expect(parsed.messages).toEqual([{ role: "user", content: "ab" }]);
  });

  it.each([
    [
      withParts({ type: "image_url", image_url: { url: "http://example.com/a.png" } }),
      "messages[0].content[0].image_url.url",
      "invalid_value",
      "data: URL",
    ],
    [
      withParts({ type: "image_url", image_url: { url: "data:image/png;base64,@@@" } }),
      "messages[0].content[0].image_url.url",
      "invalid_value",
      "not valid base64",
    ],
    [
      withParts({ type: "image_url", image_url: { url: "data:image/png,rawtext" } }),
      "messages[0].content[0].image_url.url",
      "invalid_value",
      "base64 data URL",
    ],
    [
      withParts({ type: "image_url", image_url: { url: dataUrl("image/png", pdf) } }),
      "messages[0].content[0].image_url.url",
      "invalid_value",
      "not a PNG, JPEG, GIF or WebP",
    ],
    [
      withParts({ type: "image_url", image_url: "https://example.com/a.png" }),
      "messages[0].content[0].image_url",
      "invalid_value",
      "image_url",
    ],
    [
      withParts({ type: "file", file: { file_id: "file-abc123" } }),
      "messages[0].content[0].file.file_id",
      "unsupported_value",
      "Files API",
    ],
    [
      withParts({ type: "file", file: { filename: "a.pdf" } }),
      "messages[0].content[0].file.file_data",
      "missing_required_parameter",
      "file_data",
    ],
    [
      withParts({ type: "file", file: { file_data: dataUrl("application/pdf", png) } }),
      "messages[0].content[0].file.file_data",
      "unsupported_value",
      "not a PDF",
    ],
    [
      withParts({ type: "input_audio", input_audio: { data: "", format: "wav" } }),
      "messages[0].content[0].type",
      "unsupported_value",
      "input_audio",
    ],
    [
      {
        model: "m",
        messages: [
          { role: "user", content: "Hi" },
          {
            role: "assistant",
            content: [{ type: "image_url", image_url: { url: dataUrl("image/png", png) } }],
          },
        ],
      },
      "messages[1].content[0]",
      "invalid_value",
      "Only user messages",
    ],
  ])("%j → %s (%s)", async (body, param, code, words) => {
    const error = await refusal(body);
    expect(error).toMatchObject({ param, code, type: "invalid_request_error" });
    expect(error.message).toContain(words);
  });
});
