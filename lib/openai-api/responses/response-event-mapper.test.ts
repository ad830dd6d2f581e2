import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { createResponseEventMapper, type ItemIdPrefix } from "./response-event-mapper";
import type { ItemEvent } from "./responses-types";

/** Ids numbered per prefix: msg_1, fc_1, rs_1, … */
function ids() {
  const counts = new Map<string, number>();
  return (prefix: ItemIdPrefix) => {
    const n = (counts.get(prefix) ?? 0) + 1;
    counts.set(prefix, n);
    return `${prefix}_${n}`;
  };
}

function run(parts: LanguageModelV4StreamPart[], status: "completed" | "incomplete" = "completed") {
  const mapper = createResponseEventMapper(ids());
  const events = parts.flatMap((part) => mapper.map(part));
  events.push(...mapper.finish(status));
  return { events, output: mapper.output() };
}

const text = (delta: string): LanguageModelV4StreamPart => ({ type: "text-delta", id: "t", delta });
const msg = (text: string, status = "completed") => ({
  type: "message",
  id: "msg_1",
  role: "assistant",
  status,
  content: [{ type: "output_text", text, annotations: [], logprobs: [] }],
});
const part = (text: string) => ({ type: "output_text", text, annotations: [], logprobs: [] });

/** Each row: the parts a model streams, and the events a client gets for them, in order. */
const cases: Array<[string, LanguageModelV4StreamPart[], ItemEvent[]]> = [
  [
    "text: one message item, one output_text part; empty deltas and markers map to nothing",
    [
      { type: "text-start", id: "t" },
      text("Once"),
      text(""),
      text(" upon"),
      { type: "text-end", id: "t" },
    ],
    [
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { ...msg(""), status: "in_progress", content: [] } as never,
      },
      {
        type: "response.content_part.added",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        part: part("") as never,
      },
      {
        type: "response.output_text.delta",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        delta: "Once",
        logprobs: [],
      },
      {
        type: "response.output_text.delta",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        delta: " upon",
        logprobs: [],
      },
      {
        type: "response.output_text.done",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        text: "Once upon",
        logprobs: [],
      },
      {
        type: "response.content_part.done",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        part: part("Once upon") as never,
      },
      { type: "response.output_item.done", output_index: 0, item: msg("Once upon") as never },
    ],
  ],
  [
    "thinking: a reasoning item whose summary is the thought",
    [
      { type: "reasoning-delta", id: "r", delta: "The user" },
      { type: "reasoning-delta", id: "r", delta: " asks." },
    ],
    [
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { type: "reasoning", id: "rs_1", summary: [], status: "in_progress" },
      },
      {
        type: "response.reasoning_summary_part.added",
        item_id: "rs_1",
        output_index: 0,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      },
      {
        type: "response.reasoning_summary_text.delta",
        item_id: "rs_1",
        output_index: 0,
        summary_index: 0,
        delta: "The user",
      },
      {
        type: "response.reasoning_summary_text.delta",
        item_id: "rs_1",
        output_index: 0,
        summary_index: 0,
        delta: " asks.",
      },
      {
        type: "response.reasoning_summary_text.done",
        item_id: "rs_1",
        output_index: 0,
        summary_index: 0,
        text: "The user asks.",
      },
      {
        type: "response.reasoning_summary_part.done",
        item_id: "rs_1",
        output_index: 0,
        summary_index: 0,
        part: { type: "summary_text", text: "The user asks." },
      },
      {
        type: "response.output_item.done",
        output_index: 0,
        item: {
          type: "reasoning",
          id: "rs_1",
          summary: [{ type: "summary_text", text: "The user asks." }],
          status: "completed",
        },
      },
    ],
  ],
  [
    "a streamed call: our id, the model's call_id, argument deltas, done at the tool-call part",
    [
      { type: "tool-input-start", id: "call_1", toolName: "add" },
      { type: "tool-input-delta", id: "call_1", delta: '{"a": 1' },
      { type: "tool-input-delta", id: "call_1", delta: "}" },
      { type: "tool-input-end", id: "call_1" },
      { type: "tool-call", toolCallId: "call_1", toolName: "add", input: '{"a": 1}' },
    ],
    [
      {
        type: "response.output_item.added",
        output_index: 0,
        item: {
          type: "function_call",
          id: "fc_1",
          call_id: "call_1",
          name: "add",
          arguments: "",
          status: "in_progress",
        },
      },
      {
        type: "response.function_call_arguments.delta",
        item_id: "fc_1",
        output_index: 0,
        delta: '{"a": 1',
      },
      {
        type: "response.function_call_arguments.delta",
        item_id: "fc_1",
        output_index: 0,
        delta: "}",
      },
      {
        type: "response.function_call_arguments.done",
        item_id: "fc_1",
        output_index: 0,
        name: "add",
        arguments: '{"a": 1}',
      },
      {
        type: "response.output_item.done",
        output_index: 0,
        item: {
          type: "function_call",
          id: "fc_1",
          call_id: "call_1",
          name: "add",
          arguments: '{"a": 1}',
          status: "completed",
        },
      },
    ],
  ],
  [
    "text, then a call sent whole: the message closes when the call begins",
    [text("Let me add."), { type: "tool-call", toolCallId: "c", toolName: "add", input: "{}" }],
    [
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { ...msg(""), status: "in_progress", content: [] } as never,
      },
      {
        type: "response.content_part.added",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        part: part("") as never,
      },
      {
        type: "response.output_text.delta",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        delta: "Let me add.",
        logprobs: [],
      },
      {
        type: "response.output_text.done",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        text: "Let me add.",
        logprobs: [],
      },
      {
        type: "response.content_part.done",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        part: part("Let me add.") as never,
      },
      { type: "response.output_item.done", output_index: 0, item: msg("Let me add.") as never },
      {
        type: "response.output_item.added",
        output_index: 1,
        item: {
          type: "function_call",
          id: "fc_1",
          call_id: "c",
          name: "add",
          arguments: "",
          status: "in_progress",
        },
      },
      {
        type: "response.function_call_arguments.delta",
        item_id: "fc_1",
        output_index: 1,
        delta: "{}",
      },
      {
        type: "response.function_call_arguments.done",
        item_id: "fc_1",
        output_index: 1,
        name: "add",
        arguments: "{}",
      },
      {
        type: "response.output_item.done",
        output_index: 1,
        item: {
          type: "function_call",
          id: "fc_1",
          call_id: "c",
          name: "add",
          arguments: "{}",
          status: "completed",
        },
      },
    ],
  ],
];

describe("createResponseEventMapper", () => {
  it.each(cases)("%s", (_name, parts, expected) => {
    expect(run(parts).events).toEqual(expected);
  });

  it("a reply cut short leaves its open items incomplete, a call that never completed too", () => {
    const { events, output } = run(
      [
        { type: "tool-input-start", id: "c", toolName: "add" },
        { type: "tool-input-delta", id: "c", delta: '{"a"' },
        text("x"),
      ],
      "incomplete",
    );
    expect(output.map((item) => [item.type, item.status])).toEqual([
      ["function_call", "incomplete"],
      ["message", "incomplete"],
    ]);
    expect(events.filter((e) => e.type === "response.output_item.done")).toHaveLength(2);
  });

  it("the added event's item is a snapshot: later pieces do not change it", () => {
    const { events } = run([text("a"), text("b")]);
    const added = events[0];
    if (added?.type !== "response.output_item.added") throw new Error("no item added first");
    expect(added.item).toMatchObject({ status: "in_progress", content: [] });
  });
});

/**
 * Real streams of the local provider on stories260K (recorded by
 * tests/openai-api/record-stream-fixtures.ts), replayed: whatever the model wrote, the events
 * are well formed — every item added once and done once, in order, its deltas adding up to
 * what its `done` says, a forced call's arguments valid JSON.
 */
describe.each([
  ["qwen-forced-call", "function_call"],
  ["llama3.1-named-call", "function_call"],
  ["qwen3-thinking", "reasoning"],
])("replaying %s", (name, firstItem) => {
  const parts = readFileSync(resolve(__dirname, `../__fixtures__/${name}.chunks.txt`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LanguageModelV4StreamPart);

  it("gives well-formed events that rebuild the output", () => {
    const { events, output } = run(parts);
    expect(output[0]?.type).toBe(firstItem);
    const added = events.filter((e) => e.type === "response.output_item.added");
    const done = events.filter((e) => e.type === "response.output_item.done");
    expect(added.map((e) => e.output_index)).toEqual(output.map((_, i) => i));
    expect(done.map((e) => e.output_index).sort()).toEqual(output.map((_, i) => i));
    for (const [index, item] of output.entries()) {
      const mine = events.filter(
        (e) =>
          ("item_id" in e && e.item_id === item.id) ||
          ("output_index" in e && e.output_index === index),
      );
      expect(mine[0]?.type).toBe("response.output_item.added");
      expect(mine.at(-1)?.type).toBe("response.output_item.done");
      const deltas = mine.flatMap((e) => ("delta" in e ? [e.delta] : [])).join("");
      if (item.type === "function_call") {
        expect(deltas).toBe(item.arguments);
        expect(() => JSON.parse(item.arguments)).not.toThrow();
        expect(item.call_id).toMatch(/^call_/);
        expect(item.id).toMatch(/^fc_/);
      } else if (item.type === "message") {
        expect(deltas).toBe(item.content[0]?.text);
      } else {
        expect(deltas).toBe(item.summary[0]?.text);
        expect(deltas.length).toBeGreaterThan(0);
      }
    }
  });
});
