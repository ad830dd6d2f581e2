import { describe, expect, test } from "vitest";
import { refusalResponse } from "@/lib/page-api/refusals";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { fixture, streamOf } from "./__fixtures__/streams";
import { importConversations } from "./import-conversations";
import { type ImportUploadOptions, importUpload as importOutcome } from "./import-upload";

/** The upload as the page API answers it (lib/page-api/refusals.ts). */
async function importUpload(...args: Parameters<typeof importOutcome>): Promise<Response> {
  const outcome = await importOutcome(...args);
  return outcome.ok ? Response.json(outcome.report) : refusalResponse(outcome.refusal);
}

/**
 * The import route's work (lib/import/import-upload.ts) with a real worker thread and a real
 * SQLite store. Here the worker runs from TypeScript, so it gets tsx as a loader; the built app
 * runs its bundled worker (tests/e2e/conversations.e2e.test.ts, bench/import-stall.ts).
 */
const store = tempChatStoreForFile();
const worker = { execArgv: ["--import", "tsx"] };

function options(overrides: Partial<ImportUploadOptions> = {}): ImportUploadOptions {
  return {
    store: store(),
    maxBytes: 512 * 1024 * 1024,
    timeLimitMs: 60_000,
    memoryMb: 256,
    maxMessageChars: 2_000_000,
    worker,
    ...overrides,
  };
}

function upload(body: BodyInit | ReadableStream<Uint8Array>): Request {
  return new Request("http://localhost/api/conversations/import", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
}

async function conversationsOf(ownerId: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await store().listConversations(ownerId, { limit: 200, cursor });
    count += page.conversations.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

/** ChatGPT's export of `count` short conversations. */
function chatgptExport(count: number): string {
  return JSON.stringify(
    Array.from({ length: count }, (_, n) => ({
      title: `Chat ${n}`,
      mapping: {
        u: {
          message: { author: { role: "user" }, content: { content_type: "text", parts: ["Hi"] } },
          parent: null,
        },
        a: {
          message: {
            author: { role: "assistant" },
            content: { content_type: "text", parts: ["Hello"] },
          },
          parent: "u",
        },
      },
      current_node: "a",
    })),
  );
}

describe("importUpload", () => {
  test("imports in a worker exactly what an import in this thread does", async () => {
    for (const name of [
      "chatgpt-conversations.json",
      "claude-conversations.json",
      "open-webui-chats.json",
      "our-conversations.json",
    ]) {
      const response = await importUpload(
        upload(streamOf(fixture(name))),
        `worker-${name}`,
        options(),
      );
      expect(response.status, name).toBe(200);
      const inWorker = await response.json();
      const here = await importConversations(store(), `here-${name}`, () =>
        streamOf(fixture(name)),
      );
      const { firstId: _a, ...workerReport } = inWorker;
      const { firstId: _b, ...hereReport } = here;
      expect(workerReport, name).toEqual(hereReport);
      expect(await conversationsOf(`worker-${name}`)).toBe(here.imported);
    }
  });

  test("a conversation nested too deep to read fails alone; the others come in", async () => {
    const ours = (title: string, input: string) =>
      `{"format":"chat-conversation","version":1,"title":"${title}","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"","parts":[{"type":"tool","toolCallId":"c","toolName":"t","state":"output-available","input":${input}}]}]}`;
    const depth = 100_000;
    const file = `[${ours("Deep", `${"[".repeat(depth)}${"]".repeat(depth)}`)},${ours("Flat", "[]")}]`;
    const response = await importUpload(upload(file), "deep", options());
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ imported: 1, failed: [{ title: "Deep" }] });
    expect(await conversationsOf("deep")).toBe(1);
  });

  test("a conversation of megabytes comes from the worker in pieces and is stored whole", async () => {
    // Five messages of 600,000 characters: more than one piece each (import-worker-protocol.ts).
    const texts = [0, 1, 2, 3, 4].map((n) => `${n}:${"word ".repeat(120_000)}`);
    const file = JSON.stringify({
      format: "chat-conversation",
      version: 1,
      title: "Long",
      messages: texts.map((content, n) => ({ role: n % 2 === 0 ? "user" : "assistant", content })),
    });
    const response = await importUpload(upload(file), "pieces", options());
    const report = await response.json();
    expect(report).toMatchObject({ imported: 1, partial: [], failed: [] });
    const stored = await store().getConversation("pieces", report.firstId);
    expect(stored?.messages.map((m) => m.content)).toEqual(texts);
  });

  test("a message too long is imported cut; the report says so", async () => {
    const long = "x".repeat(5000);
    const file = JSON.stringify({
      format: "chat-conversation",
      version: 1,
      title: "Cut",
      messages: [{ role: "user", content: long }],
    });
    const response = await importUpload(upload(file), "cut", options({ maxMessageChars: 1000 }));
    const report = await response.json();
    expect(report).toMatchObject({
      imported: 1,
      partial: [
        {
          title: "Cut",
          skipped: [
            "the end of 1 message longer than 1,000 characters (CHAT_MAX_IMPORT_MESSAGE_CHARS)",
          ],
        },
      ],
    });
    const stored = await store().getConversation("cut", report.firstId);
    expect(stored?.messages[0]?.content).toBe(
      `${long.slice(0, 1000)}\n\n[Cut on import: 4,000 more characters of this message were left out.]`,
    );
  });

  test("a conversation whose later piece is nested too deep to send fails alone", async () => {
    const depth = 100_000;
    const deep = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const big = JSON.stringify("word ".repeat(120_000));
    const file = `[{"format":"chat-conversation","version":1,"title":"Deep","messages":[{"role":"user","content":${big}},{"role":"assistant","content":${big}},{"role":"user","content":"Hi"},{"role":"assistant","content":"","parts":[{"type":"tool","toolCallId":"c","toolName":"t","state":"output-available","input":${deep}}]}]},{"format":"chat-conversation","version":1,"title":"Flat","messages":[{"role":"user","content":"Hi"}]}]`;
    const response = await importUpload(upload(file), "deep-piece", options());
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ imported: 1, failed: [{ title: "Deep" }] });
    expect(report.failed[0].reason).toMatch(/^It could not be read/);
    expect(await conversationsOf("deep-piece")).toBe(1);
  });

  test("a file that is not an export: 400 with a sentence, nothing imported", async () => {
    const response = await importUpload(upload('[{"hello": 1}]'), "not-an-export", options());
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(
      "This is not a conversation export: expected ChatGPT's, Claude's or Open WebUI's conversations, or ours.",
    );
    expect(await conversationsOf("not-an-export")).toBe(0);
  });

  test("a file over the limit: 413", async () => {
    const response = await importUpload(
      upload(chatgptExport(10)),
      "too-large",
      options({ maxBytes: 100 }),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toBe(
      "This file is too large to import: at most 100 B (CHAT_MAX_IMPORT_BYTES).",
    );
  });

  test("an import past its time is stopped; the answer says how many were stored, and they are", async () => {
    const response = await importUpload(
      upload(chatgptExport(20_000)),
      "slow",
      options({ timeLimitMs: 1500 }),
    );
    expect(response.status).toBe(422);
    const { message } = (await response.json()).error;
    const stored = await conversationsOf("slow");
    expect(message).toBe(
      `This import took longer than 1.5 s (CHAT_IMPORT_TIME_LIMIT_MS) and was stopped: ${
        stored === 0
          ? "nothing was imported"
          : `the first ${stored} ${stored === 1 ? "conversation was" : "conversations were"} imported, the rest were not`
      }.`,
    );
    expect(stored).toBeLessThan(20_000);
  });

  test("a file that needs more memory than the worker may use is stopped, and nothing is stored", async () => {
    // One conversation holding a 200 MB string: the worker's heap of 64 MB cannot hold it.
    const huge = "x".repeat(200 * 1024 * 1024);
    const file = `[{"title":"Huge","mapping":{"u":{"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["${huge}"]}},"parent":null}}}]`;
    const response = await importUpload(upload(file), "huge", options({ memoryMb: 64 }));
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toBe(
      "This file needs more memory to read than an import may use (64 MB, CHAT_IMPORT_MEMORY_MB) and its import was stopped: nothing was imported.",
    );
    expect(await conversationsOf("huge")).toBe(0);
  });

  test("one import at a time per owner: a second one meanwhile is refused with 409", async () => {
    // The first upload's body stays open until the test closes it: that import is still running.
    let finish: (() => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(chatgptExport(2)));
        finish = () => controller.close();
      },
    });
    const first = importUpload(upload(body), "busy", options());
    await new Promise((resolve) => setTimeout(resolve, 50));

    const second = await importUpload(upload(chatgptExport(1)), "busy", options());
    expect(second.status).toBe(409);
    expect((await second.json()).error).toEqual({
      code: "import-running",
      message: "An import of yours is still running: wait for it to finish, then import this file.",
    });
    // Someone else imports meanwhile.
    expect((await importUpload(upload(chatgptExport(1)), "other", options())).status).toBe(200);

    finish?.();
    expect(await (await first).json()).toMatchObject({ imported: 2 });
    // Once it is done, the owner imports again.
    const again = await importUpload(upload(chatgptExport(1)), "busy", options());
    expect(await again.json()).toMatchObject({ imported: 1 });
  });
});
