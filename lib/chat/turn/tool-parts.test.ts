import type { TextStreamPart, ToolSet } from "ai";
import { describe, expect, test } from "vitest";
import {
  INTERRUPTED_CALL,
  type MessagePart,
  toModelHistory,
  toolStepsOf,
  toUIChunks,
  toUIParts,
} from "@/lib/chat/message";
import { answerToolCalls } from "@/lib/chat/tools";
import { createReplyParts } from "./reply-parts";

/** How a reply's tool calls are kept, shown, sent back to the model, and answered. */

const call = (id: string, state: Extract<MessagePart, { type: "tool" }>["state"], more = {}) =>
  ({
    type: "tool",
    toolCallId: id,
    toolName: "echo",
    input: { message: id },
    state,
    ...more,
  }) as MessagePart;

type Chunk = TextStreamPart<ToolSet>;
const chunk = (value: Record<string, unknown>) => value as unknown as Chunk;

describe("a reply's parts from its stream", () => {
  test("a call asked, waiting, run; text after it is a new part, in order", () => {
    const reply = createReplyParts({
      serverOf: (name) => (name === "echo" ? "everything" : undefined),
    });
    reply.add(chunk({ type: "text-delta", id: "t", text: "Let me check. " }));
    reply.add(
      chunk({ type: "tool-call", toolCallId: "c1", toolName: "echo", input: { message: "hi" } }),
    );
    expect(reply.parts()[1]).toMatchObject({ state: "running", server: "everything" });
    reply.add(
      chunk({
        type: "tool-approval-request",
        approvalId: "a1",
        toolCall: { toolCallId: "c1", toolName: "echo", input: { message: "hi" } },
      }),
    );
    expect(reply.parts()[1]).toMatchObject({ state: "approval-requested", approvalId: "a1" });
    reply.add(
      chunk({ type: "tool-result", toolCallId: "c1", output: "partial", preliminary: true }),
    );
    expect(reply.parts()[1]).toMatchObject({ state: "approval-requested" });
    reply.add(chunk({ type: "tool-result", toolCallId: "c1", output: { content: [] } }));
    reply.add(chunk({ type: "text-delta", id: "t2", text: "Done." }));
    expect(reply.parts()).toEqual([
      { type: "text", text: "Let me check. " },
      {
        type: "tool",
        toolCallId: "c1",
        toolName: "echo",
        server: "everything",
        input: { message: "hi" },
        state: "output-available",
        approvalId: "a1",
        output: { content: [] },
      },
      { type: "text", text: "Done." },
    ]);
  });

  test("errors, denials, and calls cut off by Stop; a continued reply starts from its parts", () => {
    const reply = createReplyParts({
      initial: [call("c1", "running", { approvalId: "a1" }), call("c2", "output-denied")],
    });
    reply.add(chunk({ type: "tool-error", toolCallId: "c1", error: new Error("no such file") }));
    reply.add(chunk({ type: "tool-output-denied", toolCallId: "c2" }));
    reply.add(chunk({ type: "tool-call", toolCallId: "c3", toolName: "echo", input: {} }));
    reply.add(chunk({ type: "tool-call", toolCallId: "c4", toolName: "echo", input: {} }));
    reply.add(
      chunk({
        type: "tool-approval-request",
        approvalId: "a4",
        toolCall: { toolCallId: "c4", toolName: "echo", input: {} },
      }),
    );
    reply.interruptRunning();
    expect(
      reply.parts().map((part) => part.type === "tool" && [part.state, part.errorText]),
    ).toEqual([
      ["output-error", "no such file"],
      ["output-denied", undefined],
      ["interrupted", undefined],
      // Still the user's to answer.
      ["approval-requested", undefined],
    ]);
  });
});

describe("the user's answers", () => {
  const waiting = [
    call("c1", "approval-requested", { approvalId: "a1" }),
    call("c2", "approval-requested", { approvalId: "a2" }),
  ];
  const _responded = (id: string, approved: boolean) => ({
    type: "dynamic-tool",
    toolCallId: "anything",
    state: "approval-responded",
    approval: { id, approved },
  });

  test("apply to every waiting call, or to none", () => {
    const all = answerToolCalls(
      waiting,
      new Map([
        ["a1", true],
        ["a2", false],
      ]),
    );
    expect(all.ok && all.parts.map((part) => part.type === "tool" && part.state)).toEqual([
      "running",
      "output-denied",
    ]);
    expect(answerToolCalls(waiting, new Map([["a1", true]]))).toMatchObject({ ok: false });
    expect(answerToolCalls([call("c1", "output-available")], new Map())).toMatchObject({
      ok: false,
    });
  });

  test("the steps a reply took count each run of calls once", () => {
    const text = { type: "text", text: "." } as const;
    expect(toolStepsOf([])).toBe(0);
    expect(toolStepsOf([call("a", "output-available"), call("b", "output-available"), text])).toBe(
      1,
    );
    expect(toolStepsOf([call("a", "output-available"), text, call("b", "running")])).toBe(2);
  });
});

describe("what the page shows", () => {
  test("each state of a call as the SDK's tool part; a call left running without a live reply is interrupted", () => {
    const parts = [
      call("c1", "output-available", { output: "ok" }),
      { type: "text", text: "So." } as const,
      call("c2", "running"),
    ];
    expect(toUIParts(parts, { live: true })).toEqual([
      expect.objectContaining({ type: "dynamic-tool", state: "output-available", output: "ok" }),
      { type: "step-start" },
      { type: "text", text: "So." },
      expect.objectContaining({ toolCallId: "c2", state: "input-available" }),
    ]);
    expect(toUIParts(parts).at(-1)).toMatchObject({
      state: "output-error",
      errorText: INTERRUPTED_CALL,
    });
  });

  test("a continued reply's parts replay as the chunks that build them", () => {
    const chunks = toUIChunks("r1", [
      { type: "reasoning", text: "Hmm." },
      call("c1", "running", { approvalId: "a1" }),
      { type: "text", text: "Then." },
    ]);
    expect(chunks.map((c) => c.type)).toEqual([
      "start",
      "reasoning-start",
      "reasoning-delta",
      "reasoning-end",
      "tool-input-available",
      "tool-approval-request",
      "tool-approval-response",
      "finish-step",
      "start-step",
      "text-start",
      "text-delta",
      "text-end",
    ]);
  });
});

describe("what the model sees", () => {
  test("a reply's steps: call, result, then its text; thinking is not sent back", async () => {
    const history = await toModelHistory([
      { role: "user", parts: [{ type: "text", text: "Echo hi" }] },
      {
        role: "assistant",
        parts: [
          { type: "reasoning", text: "I should echo." },
          call("c1", "output-available", { output: "Echo: hi" }),
          { type: "text", text: "It said hi." },
        ],
      },
      { role: "user", parts: [{ type: "text", text: "Thanks" }] },
    ]);
    expect(history.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
    ]);
    expect(JSON.stringify(history)).not.toContain("I should echo.");
    expect(history[2]).toMatchObject({
      content: [
        { type: "tool-result", toolCallId: "c1", output: { type: "text", value: "Echo: hi" } },
      ],
    });
  });

  test("every call has a result: unanswered, interrupted and denied calls say what happened", async () => {
    const history = await toModelHistory([
      { role: "user", parts: [{ type: "text", text: "Go" }] },
      {
        role: "assistant",
        parts: [
          call("c1", "approval-requested", { approvalId: "a1" }),
          call("c2", "interrupted"),
          call("c3", "output-denied", { approvalId: "a3" }),
        ],
      },
      { role: "user", parts: [{ type: "text", text: "Never mind" }] },
    ]);
    const results = JSON.stringify(history.find((message) => message.role === "tool"));
    expect(results).toContain("did not answer");
    expect(results).toContain("interrupted");
    expect(results).toContain("denied");
  });

  test("the answers just given go to the SDK as approval responses", async () => {
    const history = await toModelHistory(
      [
        { role: "user", parts: [{ type: "text", text: "Go" }] },
        {
          role: "assistant",
          parts: [
            call("c1", "running", { approvalId: "a1" }),
            call("c2", "output-denied", { approvalId: "a2" }),
          ],
        },
      ],
      {
        answered: new Map([
          ["a1", true],
          ["a2", false],
        ]),
      },
    );
    const last = history.at(-1);
    expect(last?.role).toBe("tool");
    expect(last?.content).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "tool-approval-response",
          approvalId: "a1",
          approved: true,
        }),
        expect.objectContaining({
          type: "tool-approval-response",
          approvalId: "a2",
          approved: false,
        }),
      ]),
    );
  });
});
