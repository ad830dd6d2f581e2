import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, test } from "vitest";
import { fullAccess } from "@/lib/accounts/access-policy";
import type { ReplyMetadata } from "@/lib/chat/message";
import { testTurnDeps } from "@/tests/support/chat-turn";
import { textReplyParts } from "@/tests/support/model-stream";
import { settledReply, uiChunksOf } from "@/tests/support/reply-stream";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { testFileUploads } from "@/tests/support/test-file-uploads";
import { makeDocx, makePdf, makePng } from "@/tests/support/test-files";
import { createPageApi } from "./create-page-api";

/**
 * Attached files through the page's API (`Request → Response`, no server), over a real SQLite
 * store, the real reading worker and a scripted model that records what it was given.
 */
const store = tempChatStoreForFile();

const calls: LanguageModelV4CallOptions[] = [];
const model = new MockLanguageModelV4({
  doStream: async (options) => {
    calls.push(options);
    return { stream: simulateReadableStream({ chunks: textReplyParts(["Read it."]) }) };
  },
});

function api({ images = false, contextChars = 32_000 } = {}) {
  return createPageApi({
    viewerOf: async (request) => {
      const ownerId = request.headers.get("x-test-owner");
      return ownerId ? { ownerId, access: async () => fullAccess } : undefined;
    },
    store: async () => store(),
    turn: testTurnDeps(store(), {
      model: () => ({ name: "test-model", model, inputs: { images, pdfs: false } }),
      settings: { fileContextChars: contextChars },
    }),
    files: testFileUploads,
    maxBodyBytes: 64 * 1024,
    imports: { maxBytes: 1024, timeLimitMs: 60_000, memoryMb: 256 },
    staleAfterMs: 60_000,
  });
}

let ids = 0;
const newId = (what = "conversation") => `${what}-${Date.now()}-${++ids}`.padEnd(20, "0");

interface UploadedFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  pages: number | null;
}

function upload(conversationId: string, name: string, bytes: Uint8Array, owner = "owner-a") {
  return api()(
    new Request(
      `http://localhost/api/conversations/${conversationId}/files?name=${encodeURIComponent(name)}`,
      {
        method: "POST",
        headers: { "content-type": "application/octet-stream", "x-test-owner": owner },
        body: Buffer.from(bytes),
      },
    ),
  );
}

async function uploaded(conversationId: string, name: string, bytes: Uint8Array) {
  const response = await upload(conversationId, name, bytes);
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { file: UploadedFile }).file;
}

function get(path: string, owner = "owner-a", method = "GET") {
  return api()(
    new Request(`http://localhost${path}`, { method, headers: { "x-test-owner": owner } }),
  );
}

async function send(
  conversationId: string,
  text: string,
  files: string[],
  options: Parameters<typeof api>[0] = {},
) {
  const response = await api(options)(
    new Request("http://localhost/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", "x-test-owner": "owner-a" },
      body: JSON.stringify({
        trigger: "send",
        id: conversationId,
        message: { id: newId("message"), text, files },
        parentId: null,
      }),
    }),
  );
  return response;
}

/** What the model was given in its last call, as one string. */
function lastPrompt(): string {
  return JSON.stringify(calls.at(-1)?.prompt);
}

describe("attached files through the page API", () => {
  test("a PDF is uploaded to a new conversation, served to its owner only, and given to the model with its pages", async () => {
    const conversationId = newId();
    const pdf = await makePdf(["Alpha page text.", "The secret word is heliotrope."]);
    const file = await uploaded(conversationId, "report.pdf", pdf);
    expect(file).toMatchObject({ name: "report.pdf", mediaType: "application/pdf", pages: 2 });

    const served = await get(`/api/files/${file.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(served.headers.get("content-disposition")).toMatch(
      /^attachment; filename\*=UTF-8''report\.pdf$/,
    );
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toContain("sandbox");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(pdf);
    expect((await get(`/api/files/${file.id}`, "owner-b")).status).toBe(404);
    const text = (await (await get(`/api/files/${file.id}/text`)).json()) as {
      file: { text: string };
    };
    expect(text.file.text.split("\f")[1]).toContain("heliotrope");

    const response = await send(conversationId, "What is the secret word?", [file.id]);
    expect(response.status).toBe(200);
    const chunks = await uiChunksOf(response);
    const start = chunks.find((chunk) => chunk.type === "start");
    await settledReply(store(), "owner-a", String(start?.messageId));
    const prompt = lastPrompt();
    expect(prompt).toContain('<file name=\\"report.pdf\\" pages=\\"2\\">');
    expect(prompt).toContain("--- page 2 ---\\nThe secret word is heliotrope.");
    expect(prompt).toContain("What is the secret word?");
    // Stored: the file part before the text.
    const stored = await store().getConversation("owner-a", conversationId);
    expect(stored?.messages[0]?.parts).toEqual([
      {
        type: "file",
        fileId: file.id,
        name: "report.pdf",
        mediaType: "application/pdf",
        size: pdf.byteLength,
        pages: 2,
      },
      { type: "text", text: "What is the secret word?" },
    ]);
    // Sent: it stays with its message.
    expect((await get(`/api/files/${file.id}`, "owner-a", "DELETE")).status).toBe(409);
  });

  test("a file too long for the context goes in by its beginning, with a sentence that the rest was cut", async () => {
    const conversationId = newId();
    const csv = `city,people\n${Array.from({ length: 400 }, (_, i) => `Town${i},${i * 10}`).join("\n")}`;
    const file = await uploaded(conversationId, "towns.csv", new TextEncoder().encode(csv));
    expect(file.mediaType).toBe("text/csv");
    await uiChunksOf(
      await send(conversationId, "Which town is largest?", [file.id], { contextChars: 200 }),
    );
    const prompt = lastPrompt();
    expect(prompt).toContain("Town0,0");
    expect(prompt).not.toContain("Town399");
    expect(prompt).toContain("did not fit the model's context and was cut");
  });

  test("an image goes to a model that sees as an image part; to one that cannot, it is said, to the model and the page", async () => {
    const conversationId = newId();
    const png = makePng(2, 2);
    const file = await uploaded(conversationId, "photo.png", png);
    const served = await get(`/api/files/${file.id}`);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("content-disposition")).toMatch(/^inline/);

    const blind = await uiChunksOf(await send(conversationId, "What is in it?", [file.id]));
    expect(lastPrompt()).toContain("this model cannot see images");
    // The page is told in the reply's metadata (the page shows it under the reply).
    const metadata = blind.flatMap((chunk) =>
      chunk.messageMetadata ? [chunk.messageMetadata as ReplyMetadata] : [],
    );
    expect(metadata.at(-1)?.unseenFiles).toEqual(["photo.png"]);

    const other = newId();
    const seen = await uploaded(other, "photo.png", png);
    await uiChunksOf(await send(other, "What is in it?", [seen.id], { images: true }));
    const content = calls.at(-1)?.prompt.at(-1)?.content;
    expect(content).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "file", mediaType: "image/png", filename: "photo.png" }),
      ]),
    );
  });

  test("a DOCX's text reaches the model", async () => {
    const conversationId = newId();
    const docx = await makeDocx(["Minutes", "The launch moves to March."]);
    const file = await uploaded(conversationId, "minutes.docx", docx);
    await uiChunksOf(await send(conversationId, "When is the launch?", [file.id]));
    expect(lastPrompt()).toContain("The launch moves to March.");
  });

  test("refused uploads say why; another owner's file cannot be sent; an unsent one can be removed", async () => {
    const conversationId = newId();
    const unknown = await upload(conversationId, "tool.exe", new Uint8Array([0x4d, 0x5a, 0, 0]));
    expect(unknown.status).toBe(415);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain(
      "tool.exe is not a kind of file",
    );
    const file = await uploaded(conversationId, "notes.md", new TextEncoder().encode("# Notes"));
    // Another owner can neither upload into the conversation nor send the file.
    expect(
      (await upload(conversationId, "x.txt", new TextEncoder().encode("x"), "owner-b")).status,
    ).toBe(404);
    const theirs = await api()(
      new Request("http://localhost/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json", "x-test-owner": "owner-b" },
        body: JSON.stringify({
          trigger: "send",
          id: newId(),
          message: { id: newId("message"), text: "mine now?", files: [file.id] },
          parentId: null,
        }),
      }),
    );
    expect(theirs.status).toBe(404);
    expect(((await theirs.json()) as { error: { code: string } }).error.code).toBe(
      "file-not-found",
    );
    expect((await get(`/api/files/${file.id}`, "owner-b", "DELETE")).status).toBe(404);
    expect((await get(`/api/files/${file.id}`, "owner-a", "DELETE")).status).toBe(204);
    expect((await get(`/api/files/${file.id}`)).status).toBe(404);
  });
});
