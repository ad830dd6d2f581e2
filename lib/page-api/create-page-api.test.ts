import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, test } from "vitest";
import { fullAccess } from "@/lib/accounts/access-policy";
import type { StoredMessage } from "@/lib/store";
import { testTurnDeps } from "@/tests/support/chat-turn";
import { finishPart } from "@/tests/support/model-stream";
import { settledReply, uiChunksOf } from "@/tests/support/reply-stream";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { testFileUploads } from "@/tests/support/test-file-uploads";
import { createPageApi } from "./create-page-api";
import { refusals } from "./refusals";

/**
 * The page's API as one `Request → Response` handler, called with `new Request` as the browser
 * would (no server): the refusal table's answers, a turn's stream, and each kind of turn, over a
 * real SQLite store and a scripted model.
 */
const store = tempChatStoreForFile();

/** A model that answers "Hello", or calls `echo` when the prompt ends with the user asking to. */
function scriptedModel() {
  const calls: LanguageModelV4CallOptions[] = [];
  const model = new MockLanguageModelV4({
    doStream: async (options) => {
      calls.push(options);
      const last = options.prompt.at(-1);
      const wantsTool =
        last?.role === "user" && JSON.stringify(last.content).includes("use the tool");
      const chunks: LanguageModelV4StreamPart[] = wantsTool
        ? [
            { type: "tool-call", toolCallId: "call-1", toolName: "echo", input: '{"x":1}' },
            finishPart("tool-calls"),
          ]
        : [
            { type: "text-start", id: "t" },
            { type: "text-delta", id: "t", delta: "Hello" },
            { type: "text-end", id: "t" },
            finishPart("stop"),
          ];
      return { stream: simulateReadableStream({ chunks }) };
    },
  });
  return { model, calls };
}

const { model } = scriptedModel();

function api(maxBodyBytes = 64 * 1024) {
  return createPageApi({
    // The test names the session in a header: the cookie's signing is tested in lib/session.
    viewerOf: async (request) => {
      const ownerId = request.headers.get("x-test-owner");
      return ownerId ? { ownerId, access: async () => fullAccess } : undefined;
    },
    store: async () => store(),
    turn: testTurnDeps(store(), { model, settings: { maxMessageChars: 50 } }),
    files: testFileUploads,
    maxBodyBytes,
    imports: { maxBytes: 1024, timeLimitMs: 60_000, memoryMb: 256 },
    staleAfterMs: 60_000,
  });
}

let ids = 0;
const newId = () => `conversation-${Date.now()}-${++ids}`.padEnd(20, "0");
const messageId = () => `message-${Date.now()}-${++ids}`.padEnd(20, "0");

function post(path: string, body: unknown, owner: string | null = "owner-a", raw?: string) {
  return api()(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(owner ? { "x-test-owner": owner } : {}) },
      body: raw ?? JSON.stringify(body),
    }),
  );
}

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: object }).error };
}

/** The reply's id, as its stream's `start` names it. */
function replyIdOf(chunks: Array<{ type: string } & Record<string, unknown>>): string {
  const start = chunks.find((chunk) => chunk.type === "start");
  if (typeof start?.messageId !== "string") throw new Error("the stream names no reply");
  return start.messageId;
}

function send(id: string, text: string, parentId: string | null = null, owner = "owner-a") {
  return post(
    "/api/chat",
    { trigger: "send", id, message: { id: messageId(), text }, parentId },
    owner,
  );
}

describe("refusals: one table, one shape", () => {
  test("every refusal has a status and a sentence", () => {
    for (const [reason, entry] of Object.entries(refusals)) {
      expect(entry.status, reason).toBeGreaterThanOrEqual(400);
      expect(entry.status, reason).toBeLessThan(500);
    }
  });

  test("no session: 401 on every route, the same answer", async () => {
    const handler = api();
    const answers = await Promise.all(
      [
        new Request("http://localhost/api/chat", { method: "POST", body: "{}" }),
        new Request("http://localhost/api/chat/x/stop", { method: "POST" }),
        new Request("http://localhost/api/chat/x/stream"),
        new Request("http://localhost/api/conversations"),
        new Request("http://localhost/api/conversations/x/export"),
        new Request("http://localhost/api/conversations/import", { method: "POST", body: "[]" }),
      ].map(async (request) => errorOf(await handler(request))),
    );
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 401,
        code: "no-session",
        message: "No session: reload the page.",
      });
    }
  });

  test("413 for a body over the limit, 400 for one that is not JSON or not a request", async () => {
    const big = api(100)(
      new Request("http://localhost/api/chat", {
        method: "POST",
        headers: { "x-test-owner": "owner-a" },
        body: "x".repeat(1000),
      }),
    );
    expect(await errorOf(await big)).toMatchObject({ status: 413, code: "body-too-large" });
    expect(await errorOf(await post("/api/chat", null, "owner-a", "{nope"))).toMatchObject({
      status: 400,
      code: "invalid-json",
    });
    expect(await errorOf(await post("/api/chat", { trigger: "dance" }))).toMatchObject({
      status: 400,
      code: "invalid-request",
    });
  });

  test("404 for an unknown URL or another owner's conversation, 405 for the wrong method", async () => {
    expect(await errorOf(await post("/api/nothing-here", {}))).toMatchObject({
      status: 404,
      code: "unknown-url",
    });
    const id = newId();
    await uiChunksOf(await send(id, "Mine"));
    const theirs = await post("/api/chat", { trigger: "regenerate", id, parentId: "x" }, "owner-b");
    expect(await errorOf(theirs)).toMatchObject({ status: 404, code: "conversation-not-found" });
    const wrong = await api()(
      new Request("http://localhost/api/chat", { headers: { "x-test-owner": "owner-a" } }),
    );
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });

  test("400 for an empty message, 413 for one over the character limit; nothing is stored", async () => {
    const id = newId();
    expect(await errorOf(await send(id, "   "))).toMatchObject({
      status: 400,
      code: "empty-message",
    });
    expect(await errorOf(await send(id, "x".repeat(51)))).toMatchObject({
      status: 413,
      code: "message-too-long",
      message: "This message is too long to send: at most 50 characters.",
    });
    expect(await store().getConversation("owner-a", id)).toBeUndefined();
  });

  test("409 when the page's path no longer exists, or the message was sent already", async () => {
    const id = newId();
    await uiChunksOf(await send(id, "First"));
    expect(await errorOf(await send(id, "After a ghost", "no-such-message"))).toMatchObject({
      status: 409,
      code: "conversation-changed",
    });
    const again = {
      trigger: "send",
      id,
      message: { id: messageId(), text: "Once" },
      parentId: null,
    };
    await uiChunksOf(await post("/api/chat", again));
    expect(await errorOf(await post("/api/chat", again))).toMatchObject({
      status: 409,
      code: "message-sent-already",
    });
  });
});

describe("turns", () => {
  test("a send streams the reply with the turn's data first: versions and the sidebar's entry", async () => {
    const id = newId();
    const response = await send(id, "Hi there");
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const chunks = await uiChunksOf(response);
    expect(chunks[0]).toMatchObject({ type: "start" });
    const turn = chunks.find((chunk) => chunk.type === "data-turn");
    expect(turn).toMatchObject({
      transient: true,
      data: { versions: {}, conversation: { id, title: "Hi there" } },
    });
    expect(chunks.filter((c) => c.type === "text-delta").map((c) => c.delta)).toEqual(["Hello"]);
    const replyId = replyIdOf(chunks);
    expect(await settledReply(store(), "owner-a", replyId)).toMatchObject({
      status: "complete",
      content: "Hello",
    });
  });

  test("a regenerate adds a version, and the turn's data says so", async () => {
    const id = newId();
    const first = await uiChunksOf(await send(id, "Tell me"));
    const firstReply = replyIdOf(first);
    const question = (await store().getMessage("owner-a", firstReply))?.parentId;
    const again = await uiChunksOf(
      await post("/api/chat", { trigger: "regenerate", id, parentId: question }),
    );
    const secondReply = replyIdOf(again);
    expect(again.find((c) => c.type === "data-turn")).toMatchObject({
      data: { versions: { [secondReply]: { ids: [firstReply, secondReply], index: 1 } } },
    });
  });

  test("nobody answers (the manual order): the message is stored, the stream makes no reply", async () => {
    const id = newId();
    await uiChunksOf(await send(id, "Start"));
    await store().updateConversationSettings("owner-a", id, {
      cast: {
        order: "manual",
        participants: [
          { name: "Ada", model: null, systemPrompt: null },
          { name: "Bob", model: null, systemPrompt: null },
        ],
      },
    });
    const before = (await store().getConversation("owner-a", id))?.messages.length ?? 0;
    const leaf = (await store().getConversationInfo("owner-a", id))?.currentLeafId ?? null;
    const chunks = await uiChunksOf(await send(id, "Anyone?", leaf));
    expect(chunks.map((c) => c.type)).toEqual(["start", "data-turn", "finish"]);
    expect(chunks[0]).not.toHaveProperty("messageId");
    const after = await store().getConversation("owner-a", id);
    expect(after?.messages.length).toBe(before + 1);
    expect(after?.messages.at(-1)).toMatchObject({ role: "user", content: "Anyone?" });
  });

  test("continue: a participant's turn streams its reply in its own response", async () => {
    const id = newId();
    const first = await uiChunksOf(await send(id, "Hello all"));
    await store().updateConversationSettings("owner-a", id, {
      cast: {
        order: "round-robin",
        participants: [
          { name: "assistant", model: null, systemPrompt: null },
          { name: "Bob", model: null, systemPrompt: null },
        ],
      },
    });
    const parentId = replyIdOf(first);
    const chunks = await uiChunksOf(
      await post("/api/chat", { trigger: "continue", id, parentId, queue: [] }),
    );
    const replyId = replyIdOf(chunks);
    expect(replyId).not.toBe(parentId);
    expect(chunks.find((c) => c.type === "finish")).toMatchObject({
      messageMetadata: { speaker: "Bob" },
    });
    expect(await settledReply(store(), "owner-a", replyId)).toMatchObject({
      speaker: "Bob",
      parentId,
      content: "Hello",
    });
    expect(
      await errorOf(
        await post("/api/chat", { trigger: "continue", id, parentId, speaker: "Zed", queue: [] }),
      ),
    ).toMatchObject({ status: 400, code: "not-a-participant" });
  });

  test("tool answers: only the answers are read; a reply already going on is refused", async () => {
    const id = newId();
    const ownerId = "owner-a";
    // A reply stored as the server leaves one waiting for approval (the model asked for `echo`).
    await store().createConversation({ ownerId, id });
    await store().appendMessage(ownerId, id, { role: "user", content: "use the tool" });
    const waiting = (await store().appendMessage(ownerId, id, {
      role: "assistant",
      parts: [
        {
          type: "tool",
          toolCallId: "call-1",
          toolName: "echo",
          input: { x: 1 },
          state: "approval-requested",
          approvalId: "approval-1",
        },
      ],
    })) as StoredMessage;
    const answer = { trigger: "answer", id, replyId: waiting.id };
    expect(await errorOf(await post("/api/chat", { ...answer, answers: [] }))).toMatchObject({
      status: 400,
      code: "unanswered-calls",
    });
    // Two Allows at once (two tabs, a double click): one goes on, the other is refused.
    const allow = { ...answer, answers: [{ approvalId: "approval-1", approved: false }] };
    const [one, two] = await Promise.all([post("/api/chat", allow), post("/api/chat", allow)]);
    const statuses = [one.status, two.status].sort();
    expect(statuses).toEqual([200, 409]);
    const refused = one.status === 409 ? one : two;
    expect(await errorOf(refused)).toMatchObject({ code: "reply-going-on" });
    await uiChunksOf(one.status === 200 ? one : two);
    const settled = await settledReply(store(), ownerId, waiting.id);
    expect(settled?.parts[0]).toMatchObject({ state: "output-denied" });
    expect(await errorOf(await post("/api/chat", allow))).toMatchObject({
      status: 409,
      code: "nothing-to-answer",
    });
  });

  test("stop and follow answer for a conversation with no running reply", async () => {
    const id = newId();
    await uiChunksOf(await send(id, "Done"));
    const stop = await post(`/api/chat/${id}/stop`, {});
    expect(await stop.json()).toEqual({ stopped: false });
    const follow = await api()(
      new Request(`http://localhost/api/chat/${id}/stream`, {
        headers: { "x-test-owner": "owner-a" },
      }),
    );
    expect(follow.status).toBe(204);
  });
});
