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
