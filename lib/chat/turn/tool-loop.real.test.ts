import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { type LanguageModel, simulateReadableStream, wrapLanguageModel } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, describe, expect, test } from "vitest";
import { stopReply } from "@/lib/chat/live";
import { chatRequestSchema } from "@/lib/chat/request";
import { McpServers } from "@/lib/mcp/mcp-servers";
import { createLlamaCpp } from "@/lib/models/llama-cpp";
import type { StoredMessage } from "@/lib/store";
import { takeReplyTurn, takeTurn, testTurnDeps } from "@/tests/support/chat-turn";
import { everythingServer } from "@/tests/support/mcp-everything";
import { finishPart } from "@/tests/support/model-stream";
import { settledReply, uiChunksOf } from "@/tests/support/reply-stream";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { templatedModelPath } from "@/tests/support/test-models";
import { runChatTurn } from "./chat-turn";

/**
 * The page's tool loop through the chat turn (runChatTurn) and its real parts — the store
 * (SQLite), a real MCP server (@modelcontextprotocol/server-everything over stdio), the history the
 * model sees, the stream and the saver — with a scripted model that asks for a tool and then
 * answers.
 */
const everything = everythingServer;
const mcp = new McpServers(
  [
    {
      name: "everything",
      transport: "stdio",
      command: process.execPath,
      args: [everything, "stdio"],
      env: {},
    },
  ],
  { timeoutMs: 20_000 },
);
afterAll(() => mcp.close());
const store = tempChatStoreForFile();

/** A model that calls `call` on its first step, then answers with what the tool said. */
function modelCalling(call: { toolName: string; input: unknown }) {
  const prompts: LanguageModelV4CallOptions[] = [];
  const model = new MockLanguageModelV4({
    doStream: async (options) => {
      prompts.push(options);
      const last = options.prompt.at(-1);
      const chunks: LanguageModelV4StreamPart[] =
        last?.role === "tool"
          ? [
              { type: "text-start", id: "t" },
              { type: "text-delta", id: "t", delta: `Done: ${JSON.stringify(last.content)}` },
              { type: "text-end", id: "t" },
              finishPart("stop"),
            ]
          : [
              {
                type: "tool-call",
                toolCallId: `call-${prompts.length}`,
                toolName: call.toolName,
                input: JSON.stringify(call.input),
              },
              finishPart("tool-calls"),
            ];
      return { stream: simulateReadableStream({ chunks }) };
    },
  });
  return { model, prompts };
}

let conversations = 0;

const deps = (model: LanguageModel) =>
  testTurnDeps(store(), { model, mcp, settings: { maxOutputTokens: 100 } });

/** A new conversation (with these tool preferences) and the user's first message in it. */
async function ask(
  text: string,
  model: LanguageModel,
  tools?: { off?: string[]; alwaysAllowed?: string[] },
) {
  const ownerId = `owner-${++conversations}`;
  const { id } = await store().createConversation({ ownerId });
  if (tools) {
    await store().updateConversationSettings(ownerId, id, {
      tools: { off: tools.off ?? [], alwaysAllowed: tools.alwaysAllowed ?? [] },
    });
  }
  const first = await takeReplyTurn(deps(model), ownerId, {
    trigger: "send",
    id,
    message: { id: `user-message-${conversations}-0001`, text },
    parentId: null,
  });
  return { ownerId, id, first };
}

/** The user pressed Allow (or Deny) on each of the reply's waiting calls. */
function answer(
  model: LanguageModel,
  ownerId: string,
  id: string,
  reply: StoredMessage,
  approved: boolean,
) {
  return takeTurn(deps(model), ownerId, {
    trigger: "answer",
    id,
    replyId: reply.id,
    answers: reply.parts.flatMap((part) =>
      part.type === "tool" && part.approvalId ? [{ approvalId: part.approvalId, approved }] : [],
    ),
  });
}

describe("the tool loop", () => {
  test("a call waits for approval; allowed, it runs on the MCP server and the model answers", async () => {
    const { model, prompts } = modelCalling({ toolName: "echo", input: { message: "hi" } });
    const { ownerId, id, first } = await ask("Echo hi", model);
    expect(first.chunks.map((c) => c.type)).toContain("tool-approval-request");
    expect(first.reply.status).toBe("complete");
    expect(first.reply.parts).toEqual([
      expect.objectContaining({
        type: "tool",
        toolName: "echo",
        server: "everything",
        input: { message: "hi" },
        state: "approval-requested",
        approvalId: expect.any(String),
      }),
    ]);
    // The model was offered the server's tools, and nothing has run yet.
    expect(prompts[0]?.tools?.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["echo", "get-sum"]),
    );

    const second = await answer(model, ownerId, id, first.reply, true);
    expect(second.chunks).toContainEqual(
      expect.objectContaining({ type: "tool-output-available", toolCallId: "call-1" }),
    );
    expect(second.reply?.status).toBe("complete");
    expect(second.reply?.parts).toEqual([
      expect.objectContaining({
        state: "output-available",
        output: expect.objectContaining({ content: [{ type: "text", text: "Echo: hi" }] }),
      }),
      { type: "text", text: expect.stringContaining("Echo: hi") },
    ]);
    // The model saw its call and the server's answer.
    expect(JSON.stringify(prompts.at(-1)?.prompt)).toContain("Echo: hi");
  });

  test("denied, the call never runs and the model is told so", async () => {
    const { model, prompts } = modelCalling({ toolName: "echo", input: { message: "no" } });
    const { ownerId, id, first } = await ask("Echo no", model);
    const second = await answer(model, ownerId, id, first.reply, false);
    expect(second.reply?.parts[0]).toMatchObject({ state: "output-denied" });
    expect(JSON.stringify(second.reply?.parts)).not.toContain("Echo: no");
    const toolMessage = prompts.at(-1)?.prompt.at(-1);
    expect(toolMessage?.role).toBe("tool");
    expect(JSON.stringify(toolMessage)).toMatch(/denied/i);
  });

  test("an always-allowed tool runs without asking; a tool turned off is not offered", async () => {
    const { model, prompts } = modelCalling({ toolName: "get-sum", input: { a: 2, b: 3 } });
    const {
      first: { reply },
    } = await ask("Add", model, {
      alwaysAllowed: ["everything/get-sum"],
      off: ["everything/echo"],
    });
    const offered = prompts[0]?.tools?.map((tool) => tool.name);
    expect(offered).toContain("get-sum");
    expect(offered).not.toContain("echo");
    expect(reply.parts[0]).toMatchObject({ toolName: "get-sum", state: "output-available" });
    expect(JSON.stringify(reply.parts[0])).toContain("5");
    expect(reply.parts[1]).toMatchObject({ type: "text" });
  });

  test("an answer that is not for the waiting calls changes nothing", async () => {
    const { model } = modelCalling({ toolName: "echo", input: { message: "hi" } });
    const { ownerId, id, first } = await ask("Echo hi", model);
    const refused = await takeTurn(deps(model), ownerId, {
      trigger: "answer",
      id,
      replyId: first.reply.id,
      answers: [{ approvalId: "not-the-one", approved: true }],
    });
    expect(refused.turn).toEqual({ kind: "refused", refusal: { reason: "unanswered-calls" } });
    expect((await store().getMessage(ownerId, first.reply.id))?.parts).toEqual(first.reply.parts);
  });

  test("Stop during a running tool ends the reply at once; the call is stored as interrupted", async () => {
    const { model } = modelCalling({
      toolName: "trigger-long-running-operation",
      input: { duration: 30, steps: 30 },
    });
    const ownerId = `owner-${++conversations}`;
    const { id } = await store().createConversation({ ownerId });
    await store().updateConversationSettings(ownerId, id, {
      tools: { off: [], alwaysAllowed: ["everything/trigger-long-running-operation"] },
    });
    const started = performance.now();
    const turn = await runChatTurn(
      deps(model),
      ownerId,
      chatRequestSchema.parse({
        trigger: "send",
        id,
        message: { id: `user-message-${conversations}-0001`, text: "Work long" },
        parentId: null,
      }),
    );
    if (turn.kind !== "reply") throw new Error("no reply");
    const reading = uiChunksOf(turn.stream);
    // Stop once the call is running on the server.
    for (;;) {
      const reply = await store().getMessage(ownerId, turn.replyId);
      if (reply?.parts.some((part) => part.type === "tool")) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await stopReply(store(), ownerId, id)).toBe(true);
    await reading;
    const reply = (await settledReply(store(), ownerId, turn.replyId)) as StoredMessage;
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(reply.status).toBe("stopped");
    expect(reply.parts[0]).toMatchObject({ type: "tool", state: "interrupted" });
  });
});

describe("on the local model (stories260K with Qwen2.5's tool template)", () => {
  const provider = createLlamaCpp({ threads: 1, sequences: 1 });
  afterAll(() => provider.dispose());

  test("a forced call of a real MCP tool, approved, runs, and the model goes on from its result", async () => {
    // The model writes stories, not decisions: its first step is forced to call `echo` (its
    // arguments are grammar-bound, so valid); after the result it may only answer in text.
    const model = wrapLanguageModel({
      model: provider(await templatedModelPath("qwen2.5-tools")),
      middleware: {
        transformParams: async ({ params }) => ({
          ...params,
          toolChoice:
            params.prompt.at(-1)?.role === "user"
              ? { type: "tool", toolName: "echo" }
              : { type: "none" },
          temperature: 0,
        }),
      },
    });
    // Every tool of the server documented in the prompt is ~4,900 of stories260K's tokens, more
    // than its context: only `echo` stays on, as a user of a small model would choose.
    const [status] = await mcp.status();
    const off =
      status?.state === "ready" ? status.tools.map((tool) => `everything/${tool.name}`) : [];
    const { ownerId, id, first } = await ask("Say something back.", model, {
      off: off.filter((key) => key !== "everything/echo"),
    });
    const [asked] = first.reply.parts;
    expect(asked).toMatchObject({ type: "tool", toolName: "echo", state: "approval-requested" });
    const message = (asked as { input: { message: string } }).input.message;
    expect(typeof message).toBe("string");

    const second = await takeReplyTurn(deps(model), ownerId, {
      trigger: "answer",
      id,
      replyId: first.reply.id,
      answers: first.reply.parts.flatMap((part) =>
        part.type === "tool" && part.approvalId
          ? [{ approvalId: part.approvalId, approved: true }]
          : [],
      ),
    });
    expect(second.reply.status).toBe("complete");
    expect(second.reply.parts[0]).toMatchObject({
      state: "output-available",
      output: { content: [{ type: "text", text: `Echo: ${message}` }] },
    });
    expect(second.reply.parts.at(-1)).toMatchObject({
      type: "text",
      text: expect.stringMatching(/\S/),
    });
  }, 120_000);
});
