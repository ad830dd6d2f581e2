import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { UnseenFilesNote } from "@/components/unseen-files-note";
import { toUIMessage } from "@/lib/chat/message";
import { takeUpload } from "@/lib/files";
import type { ModelInputs } from "@/lib/models/model-inputs";
import { takeReplyTurn, testTurnDeps } from "@/tests/support/chat-turn";
import {
  type ScriptedOpenAIServer,
  type ScriptedRequestBody,
  startScriptedOpenAIServer,
} from "@/tests/support/scripted-openai-server";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { testFileUploads } from "@/tests/support/test-file-uploads";
import { makePdf, makePng } from "@/tests/support/test-files";

/**
 * What a model gets of the files on the path, through the chat turn over a real SQLite store and
 * the real reading worker, to a scripted OpenAI-compatible server (real HTTP, through the AI
 * SDK's openai-compatible provider as the app uses it) that records each request: a PDF as the
 * document itself to a model that reads PDFs and as text to others; files in a conversation of
 * several participants; and the note that a model could not see an image, stored with its reply.
 */
const store = tempChatStoreForFile();
let upstream: ScriptedOpenAIServer;

beforeAll(async () => {
  upstream = await startScriptedOpenAIServer();
});
afterAll(() => upstream?.close());
beforeEach(() => upstream.reset());

const TEXT_ONLY: ModelInputs = { images: false, pdfs: false };

function deps(inputs: ModelInputs) {
  const provider = createOpenAICompatible({ name: "openai-compatible", baseURL: upstream.baseURL });
  return testTurnDeps(store(), {
    model: () => ({ name: "scripted", model: provider.chatModel("scripted"), inputs }),
  });
}

let ids = 0;
const newId = (what: string) => `${what}-${Date.now()}-${++ids}`.padEnd(24, "0");

/** A new conversation of `ownerId` with one file uploaded to it, as the page uploads it. */
async function withFile(ownerId: string, name: string, bytes: Uint8Array) {
  const { id } = await store().createConversation({ ownerId });
  const outcome = await takeUpload(store(), ownerId, id, { name, bytes }, testFileUploads);
  if (!outcome.ok) throw new Error(`upload refused: ${outcome.refusal.reason}`);
  return { conversationId: id, fileId: outcome.file.id };
}

/** The content parts of the last user message the server received (text content as one part). */
function lastUserContent(): Array<Record<string, unknown>> {
  const body = upstream.requests.at(-1) as ScriptedRequestBody;
  const content = body.messages?.filter((message) => message.role === "user").at(-1)?.content;
  return typeof content === "string"
    ? [{ type: "text", text: content }]
    : (content as Array<Record<string, unknown>>);
}

const send = (conversationId: string, text: string, fileId: string) => ({
  trigger: "send" as const,
  id: conversationId,
  message: { id: newId("message"), text, files: [fileId] },
  parentId: null,
});

/** Ada and Bob answer in turn, both on the conversation's model. */
const castAdaAndBob = (ownerId: string, conversationId: string) =>
  store().updateConversationSettings(ownerId, conversationId, {
    cast: {
      order: "round-robin",
      participants: [
        { name: "Ada", model: null, systemPrompt: "You are Ada." },
        { name: "Bob", model: null, systemPrompt: "You are Bob." },
      ],
    },
  });

describe("files to models", () => {
  test("a PDF goes as the document itself to a model that reads PDFs, and as its text to one that does not", async () => {
    const ownerId = "owner-pdf";
    const pdf = await makePdf(["Quarterly report", "The secret word is heliotrope."]);
    const { conversationId, fileId } = await withFile(ownerId, "report.pdf", pdf);

    upstream.enqueue({ reply: ["Heliotrope."] });
    await takeReplyTurn(
      deps({ images: false, pdfs: true }),
      ownerId,
      send(conversationId, "What is the secret word?", fileId),
    );
    const parts = lastUserContent();
    const file = parts.find((part) => part.type === "file") as
      | { file: { filename: string; file_data: string } }
      | undefined;
    expect(file?.file.filename).toBe("report.pdf");
    expect(file?.file.file_data).toBe(
      `data:application/pdf;base64,${Buffer.from(pdf).toString("base64")}`,
    );
    // The document, not its text as well.
    expect(JSON.stringify(parts)).not.toContain("heliotrope");
    expect(JSON.stringify(parts)).toContain("What is the secret word?");

    const other = await withFile(ownerId, "report.pdf", pdf);
    upstream.enqueue({ reply: ["Heliotrope."] });
    await takeReplyTurn(
      deps(TEXT_ONLY),
      ownerId,
      send(other.conversationId, "What is the secret word?", other.fileId),
    );
    const text = JSON.stringify(lastUserContent());
    expect(text).not.toContain('"type":"file"');
    expect(text).toContain('<file name=\\"report.pdf\\" pages=\\"2\\">');
    expect(text).toContain("The secret word is heliotrope.");
  });

  test("an image a model cannot see: the reply stores which, and the page's note reads it after a reload", async () => {
    const ownerId = "owner-unseen";
    const { conversationId, fileId } = await withFile(ownerId, "photo.png", makePng(4, 4));
    upstream.enqueue({ reply: ["I cannot see it."] });
    const { reply, metadata } = await takeReplyTurn(
      deps(TEXT_ONLY),
      ownerId,
      send(conversationId, "What colour is it?", fileId),
    );
    expect(metadata.unseenFiles).toEqual(["photo.png"]);
    expect(reply.parts).toContainEqual({ type: "unseen-files", names: ["photo.png"] });
    expect(JSON.stringify(lastUserContent())).toContain("this model cannot see images");

    // A reload reads the stored reply: the metadata, and so the note, are the same.
    const [stored] = (await store().getConversation(ownerId, conversationId))?.messages.filter(
      (message) => message.role === "assistant",
    ) ?? [undefined];
    expect(stored).toBeDefined();
    const reloaded = stored && toUIMessage(stored);
    expect(reloaded?.metadata?.unseenFiles).toEqual(["photo.png"]);
    expect(reloaded?.parts.map((part) => part.type)).toEqual(["text"]);
    const note = renderToStaticMarkup(
      createElement(UnseenFilesNote, { names: reloaded?.metadata?.unseenFiles }),
    );
    expect(note).toContain("This model cannot see images: it was told that photo.png was attached");
    expect(renderToStaticMarkup(createElement(UnseenFilesNote, { names: undefined }))).toBe("");

    // A model that sees gets the image, and nothing is noted.
    const seeing = await withFile(ownerId, "photo.png", makePng(4, 4));
    upstream.enqueue({ reply: ["Red."] });
    const seen = await takeReplyTurn(
      deps({ images: true, pdfs: false }),
      ownerId,
      send(seeing.conversationId, "What colour is it?", seeing.fileId),
    );
    expect(seen.metadata.unseenFiles).toBeUndefined();
    expect(seen.reply.parts.some((part) => part.type === "unseen-files")).toBe(false);
    expect(JSON.stringify(lastUserContent())).toContain('"type":"image_url"');
  });

  test("in a conversation of several participants, each participant's model reads the files", async () => {
    const ownerId = "owner-participants";
    const notes = new TextEncoder().encode("# Notes\nThe vault code is 4417.\n");
    const { conversationId, fileId } = await withFile(ownerId, "notes.md", notes);
    await castAdaAndBob(ownerId, conversationId);
    upstream.enqueue({ reply: ["It is 4417."] });
    const first = await takeReplyTurn(
      deps({ images: true, pdfs: true }),
      ownerId,
      send(conversationId, "@Ada what is the vault code?", fileId),
    );
    expect(first.reply.speaker).toBe("Ada");
    const asAda = JSON.stringify(lastUserContent());
    expect(asAda).toContain('<file name=\\"notes.md\\">');
    expect(asAda).toContain("The vault code is 4417.");
    expect(asAda).toContain("@Ada what is the vault code?");

    upstream.enqueue({ reply: ["Ada is right."] });
    const second = await takeReplyTurn(deps({ images: true, pdfs: true }), ownerId, {
      trigger: "continue",
      id: conversationId,
      parentId: first.reply.id,
      queue: [],
    });
    expect(second.reply.speaker).toBe("Bob");
    const asBob = JSON.stringify(lastUserContent());
    expect(asBob).toContain("The vault code is 4417.");
    expect(asBob).toContain("Ada: It is 4417.");
  });

  test("an image in a conversation of several participants reaches a seat whose model sees, and is said in words to one that cannot", async () => {
    const ownerId = "owner-participants-image";
    const png = makePng(4, 4);
    const { conversationId, fileId } = await withFile(ownerId, "photo.png", png);
    await castAdaAndBob(ownerId, conversationId);
    upstream.enqueue({ reply: ["It is grey."] });
    const seen = await takeReplyTurn(
      deps({ images: true, pdfs: true }),
      ownerId,
      send(conversationId, "@Ada what colour is it?", fileId),
    );
    const parts = lastUserContent();
    const image = parts.find((part) => part.type === "image_url") as
      | { image_url: { url: string } }
      | undefined;
    expect(image?.image_url.url).toBe(
      `data:image/png;base64,${Buffer.from(png).toString("base64")}`,
    );
    // From Ada's seat: the user's words with their name, then the image.
    expect(parts[0]).toEqual({ type: "text", text: "user: @Ada what colour is it?" });
    expect(seen.metadata.unseenFiles ?? []).toEqual([]);

    const blind = await withFile(ownerId, "photo.png", png);
    await castAdaAndBob(ownerId, blind.conversationId);
    upstream.enqueue({ reply: ["I cannot see it."] });
    const { metadata } = await takeReplyTurn(
      deps(TEXT_ONLY),
      ownerId,
      send(blind.conversationId, "@Ada what colour is it?", blind.fileId),
    );
    const text = JSON.stringify(lastUserContent());
    expect(text).not.toContain("image_url");
    expect(text).toContain(
      "[The user attached an image, photo.png, but this model cannot see images",
    );
    expect(metadata.unseenFiles).toEqual(["photo.png"]);
    const note = renderToStaticMarkup(
      createElement(UnseenFilesNote, { names: metadata.unseenFiles }),
    );
    expect(note).toContain("This model cannot see images");
  });
});
