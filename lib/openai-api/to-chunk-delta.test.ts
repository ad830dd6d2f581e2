import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { type ChunkDelta, createChunkDeltaMapper } from "./to-chunk-delta";

/** Each row: the parts a model streams, and the deltas a client gets for them, in order. */
const cases: Array<[string, LanguageModelV4StreamPart[], ChunkDelta[]]> = [
  [
    "text",
    [
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "Once" },
      { type: "text-delta", id: "t", delta: "" },
      { type: "text-delta", id: "t", delta: " upon" },
      { type: "text-end", id: "t" },
    ],
    [{ content: "Once" }, { content: " upon" }],
  ],
  [
    "thinking, then text",
    [
      { type: "reasoning-start", id: "r" },
      { type: "reasoning-delta", id: "r", delta: "The user wants" },
      { type: "reasoning-delta", id: "r", delta: " a story." },
      { type: "reasoning-end", id: "r" },
      { type: "text-delta", id: "t", delta: "Once" },
    ],
    [
      { reasoning_content: "The user wants" },
      { reasoning_content: " a story." },
      { content: "Once" },
    ],
  ],
  [
    "a streamed tool call: first delta with index, id, type and name; then arguments",
    [
      { type: "tool-input-start", id: "call_1", toolName: "add" },
      { type: "tool-input-delta", id: "call_1", delta: '{"a": 1' },
      { type: "tool-input-delta", id: "call_1", delta: ', "b": 2}' },
      { type: "tool-input-end", id: "call_1" },
      { type: "tool-call", toolCallId: "call_1", toolName: "add", input: '{"a": 1, "b": 2}' },
    ],
    [
      {
        tool_calls: [
          { index: 0, id: "call_1", type: "function", function: { name: "add", arguments: "" } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"a": 1' } }] },
      { tool_calls: [{ index: 0, function: { arguments: ', "b": 2}' } }] },
    ],
  ],
  [
    "two calls, the second sent whole",
    [
      { type: "tool-input-start", id: "a", toolName: "echo" },
      { type: "tool-input-delta", id: "a", delta: '{"text":"hi"}' },
      { type: "tool-call", toolCallId: "a", toolName: "echo", input: '{"text":"hi"}' },
      { type: "tool-call", toolCallId: "b", toolName: "add", input: '{"a":1,"b":2}' },
    ],
    [
      {
        tool_calls: [
          { index: 0, id: "a", type: "function", function: { name: "echo", arguments: "" } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"text":"hi"}' } }] },
      {
        tool_calls: [
          {
            index: 1,
            id: "b",
            type: "function",
            function: { name: "add", arguments: '{"a":1,"b":2}' },
          },
        ],
      },
    ],
  ],
  [
    "metadata the client does not see",
    [
      { type: "stream-start", warnings: [] },
      { type: "response-metadata", id: "x" },
      { type: "raw", rawValue: { type: "queue-place", place: 1 } },
      { type: "ping" },
    ],
    [],
  ],
];

describe("createChunkDeltaMapper", () => {
  it.each(cases)("%s", (_name, parts, deltas) => {
    const toDelta = createChunkDeltaMapper();
    expect(parts.flatMap((part) => toDelta(part) ?? [])).toEqual(deltas);
  });
});

/**
 * Real streams of the local provider (stories260K), recorded by
 * tests/openai-api/record-stream-fixtures.ts and replayed: whatever the pieces, what a client
 * assembles from the deltas is what the model produced.
 */
describe("recorded streams", () => {
  const read = (name: string): LanguageModelV4StreamPart[] =>
    readFileSync(resolve(import.meta.dirname, "__fixtures__", `${name}.chunks.txt`), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));

  it.each(["qwen-forced-call", "llama3.1-named-call"])(
    "%s: the tool-call deltas assemble into the call the model made",
    (name) => {
      const parts = read(name);
      const toDelta = createChunkDeltaMapper();
      const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
      for (const delta of parts.flatMap((part) => toDelta(part) ?? [])) {
        for (const call of delta.tool_calls ?? []) {
          const assembled = calls[call.index] ?? { arguments: "" };
          calls[call.index] = assembled;
          assembled.id ??= call.id;
          assembled.name ??= call.function.name;
          assembled.arguments += call.function.arguments;
        }
      }
      const made = parts.flatMap((part) => (part.type === "tool-call" ? [part] : []));
      expect(made.length).toBeGreaterThan(0);
      expect(calls).toEqual(
        made.map((part) => ({ id: part.toolCallId, name: part.toolName, arguments: part.input })),
      );
      for (const call of calls) expect(() => JSON.parse(call.arguments)).not.toThrow();
    },
  );

  it("qwen3-thinking: reasoning deltas, then content, assemble into what the model wrote", () => {
    const parts = read("qwen3-thinking");
    const toDelta = createChunkDeltaMapper();
    const deltas = parts.flatMap((part) => toDelta(part) ?? []);
    const reasoning = deltas.map((delta) => delta.reasoning_content ?? "").join("");
    const content = deltas.map((delta) => delta.content ?? "").join("");
    const written = (type: string) =>
      parts.map((part) => (part.type === type && "delta" in part ? part.delta : "")).join("");
    expect(reasoning).toBe(written("reasoning-delta"));
    expect(content).toBe(written("text-delta"));
    expect(reasoning).not.toBe("");
    const lastReasoning = deltas.findLastIndex((delta) => delta.reasoning_content !== undefined);
    const firstContent = deltas.findIndex((delta) => delta.content !== undefined);
    expect(lastReasoning).toBeLessThan(firstContent);
  });
});
