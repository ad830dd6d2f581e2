import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { AnthropicContentBlock, ContentBlockEvent } from "./anthropic-types";
import { thinkingSignature } from "./thinking-signature";
import { createContentEventMapper } from "./to-content-events";

/** Each row: the parts a model streams, and the content block events a client gets for them. */
const cases: Array<[string, LanguageModelV4StreamPart[], ContentBlockEvent[]]> = [
  [
    "text: one block, its deltas, stopped at text-end; empty deltas send nothing",
    [
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "Once" },
      { type: "text-delta", id: "t", delta: "" },
      { type: "text-delta", id: "t", delta: " upon" },
      { type: "text-end", id: "t" },
    ],
    [
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Once" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: " upon" } },
      { type: "content_block_stop", index: 0 },
    ],
  ],
  [
    "an empty text block makes no block",
    [
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "" },
      { type: "text-end", id: "t" },
    ],
    [],
  ],
  [
    "thinking, then text: the thinking block ends with its signature",
    [
      { type: "reasoning-start", id: "r" },
      { type: "reasoning-delta", id: "r", delta: "The user" },
      { type: "reasoning-delta", id: "r", delta: " wants a story." },
      { type: "reasoning-end", id: "r" },
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "Once" },
    ],
    [
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "thinking", thinking: "", signature: "" },
      },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "thinking_delta", thinking: "The user" },
      },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "thinking_delta", thinking: " wants a story." },
      },
      {
        type: "content_block_delta",
        index: 0,
        delta: {
          type: "signature_delta",
          signature: thinkingSignature("The user wants a story."),
        },
      },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Once" } },
    ],
  ],
  [
    "thinking that runs straight into text (no reasoning-end) is stopped when the text begins",
    [
      { type: "reasoning-delta", id: "r", delta: "Hm." },
      { type: "text-delta", id: "t", delta: "Yes" },
    ],
    [
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "thinking", thinking: "", signature: "" },
      },
      { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Hm." } },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "signature_delta", signature: thinkingSignature("Hm.") },
      },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Yes" } },
    ],
  ],
  [
    "text, then a streamed call: a tool_use block with id, name and {}, then its JSON pieces",
    [
      { type: "text-delta", id: "t", delta: "Let me see." },
      { type: "tool-input-start", id: "call_1", toolName: "add" },
      { type: "tool-input-delta", id: "call_1", delta: '{"a": 1' },
      { type: "tool-input-delta", id: "call_1", delta: ', "b": 2}' },
      { type: "tool-input-end", id: "call_1" },
      { type: "tool-call", toolCallId: "call_1", toolName: "add", input: '{"a": 1, "b": 2}' },
    ],
    [
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text: "Let me see." },
      },
      { type: "content_block_stop", index: 0 },
      {
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: "call_1", name: "add", input: {} },
      },
      {
        type: "content_block_delta",
        index: 1,
        delta: { type: "input_json_delta", partial_json: '{"a": 1' },
      },
      {
        type: "content_block_delta",
        index: 1,
        delta: { type: "input_json_delta", partial_json: ', "b": 2}' },
      },
      { type: "content_block_stop", index: 1 },
    ],
  ],
  [
    "two calls, the second sent whole: one block each",
    [
      { type: "tool-input-start", id: "a", toolName: "echo" },
      { type: "tool-input-delta", id: "a", delta: '{"text":"hi"}' },
      { type: "tool-call", toolCallId: "a", toolName: "echo", input: '{"text":"hi"}' },
      { type: "tool-call", toolCallId: "b", toolName: "add", input: '{"a":1,"b":2}' },
    ],
    [
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "tool_use", id: "a", name: "echo", input: {} },
      },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "input_json_delta", partial_json: '{"text":"hi"}' },
      },
      { type: "content_block_stop", index: 0 },
      {
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: "b", name: "add", input: {} },
      },
      {
        type: "content_block_delta",
        index: 1,
        delta: { type: "input_json_delta", partial_json: '{"a":1,"b":2}' },
      },
      { type: "content_block_stop", index: 1 },
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

describe("createContentEventMapper", () => {
  it.each(cases)("%s", (_name, parts, events) => {
    const mapper = createContentEventMapper();
    expect(parts.flatMap((part) => mapper.map(part))).toEqual(events);
  });

  it("close() stops the block still open, and nothing when none is", () => {
    const mapper = createContentEventMapper();
    expect(mapper.close()).toEqual([]);
    mapper.map({ type: "text-delta", id: "t", delta: "Hi" });
    expect(mapper.close()).toEqual([{ type: "content_block_stop", index: 0 }]);
    expect(mapper.close()).toEqual([]);
  });
});

/**
 * What an Anthropic client builds from the events (as the SDK's MessageStream does), checking
 * the protocol's order on the way: blocks numbered from 0, one open at a time, each delta of the
 * open block's kind, every block stopped.
 */
function assemble(events: ContentBlockEvent[]): AnthropicContentBlock[] {
  const blocks: AnthropicContentBlock[] = [];
  const json: string[] = [];
  let open: number | undefined;
  for (const event of events) {
    if (event.type === "content_block_start") {
      expect(open).toBeUndefined();
      expect(event.index).toBe(blocks.length);
      open = event.index;
      blocks.push({ ...event.content_block });
      json.push("");
      continue;
    }
    expect(event.index).toBe(open);
    const block = blocks[event.index];
    if (!block) throw new Error("no block");
    if (event.type === "content_block_stop") {
      if (block.type === "tool_use") block.input = JSON.parse(json[event.index] ?? "");
      open = undefined;
      continue;
    }
    const { delta } = event;
    if (delta.type === "text_delta" && block.type === "text") block.text += delta.text;
    else if (delta.type === "thinking_delta" && block.type === "thinking") {
      block.thinking += delta.thinking;
    } else if (delta.type === "signature_delta" && block.type === "thinking") {
      block.signature = delta.signature;
    } else if (delta.type === "input_json_delta" && block.type === "tool_use") {
      json[event.index] += delta.partial_json;
    } else throw new Error(`a ${delta.type} in a ${block.type} block`);
  }
  expect(open).toBeUndefined();
  return blocks;
}

/** What the model produced, as the blocks a whole (not streamed) reply has. */
function produced(parts: LanguageModelV4StreamPart[]): AnthropicContentBlock[] {
  const blocks: AnthropicContentBlock[] = [];
  for (const part of parts) {
    const last = blocks.at(-1);
    if (part.type === "reasoning-delta" && part.delta !== "") {
      if (last?.type === "thinking") last.thinking += part.delta;
      else blocks.push({ type: "thinking", thinking: part.delta, signature: "" });
    } else if (part.type === "text-delta" && part.delta !== "") {
      if (last?.type === "text") last.text += part.delta;
      else blocks.push({ type: "text", text: part.delta });
    } else if (part.type === "tool-call") {
      blocks.push({
        type: "tool_use",
        id: part.toolCallId,
        name: part.toolName,
        input: JSON.parse(part.input),
      });
    }
  }
  for (const block of blocks) {
    if (block.type === "thinking") block.signature = thinkingSignature(block.thinking);
  }
  return blocks;
}

/**
 * Real streams, replayed: the local provider's (stories260K: a forced call in Qwen's format, a
 * named call in Llama 3.1's, thinking in a Qwen3-style template; recorded by
 * tests/openai-api/record-stream-fixtures.ts) and a remote model's through the AI SDK's
 * openai-compatible provider (thinking, text and two calls; recorded by
 * tests/anthropic-api/record-stream-fixtures.ts). Whatever the pieces, the blocks a client
 * assembles are what the model produced.
 */
describe("recorded streams", () => {
  const read = (path: string): LanguageModelV4StreamPart[] =>
    readFileSync(resolve(import.meta.dirname, path), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));

  it.each([
    "../openai-api/__fixtures__/qwen-forced-call.chunks.txt",
    "../openai-api/__fixtures__/llama3.1-named-call.chunks.txt",
    "../openai-api/__fixtures__/qwen3-thinking.chunks.txt",
    "__fixtures__/openai-compatible-thinking-calls.chunks.txt",
  ])("%s", (path) => {
    const parts = read(path);
    const mapper = createContentEventMapper();
    const events = [...parts.flatMap((part) => mapper.map(part)), ...mapper.close()];
    const blocks = assemble(events);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks).toEqual(produced(parts));
  });
});
