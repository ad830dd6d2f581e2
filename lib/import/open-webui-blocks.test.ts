import { describe, expect, it } from "vitest";
import { type ReplyBlock, replyBlocks, withoutSummary } from "./open-webui-blocks";

/** The regular expressions these functions replace: right, but quadratic. The tests' oracle. */
const oldBlockPattern =
  /<details\s+type="(reasoning|tool_calls|code_interpreter)"([^>]*)>([\s\S]*?)<\/details>|<think>([\s\S]*?)<\/think>/g;
const oldSummary = /<summary>[\s\S]*?<\/summary>/;

function blocksByRegex(content: string): ReplyBlock[] {
  const blocks: ReplyBlock[] = [];
  let from = 0;
  for (const match of content.matchAll(oldBlockPattern)) {
    blocks.push({ kind: "text", text: content.slice(from, match.index) });
    from = match.index + match[0].length;
    const [, type, attributes = "", body = "", think] = match;
    blocks.push(
      think !== undefined
        ? { kind: "think", body: think }
        : { kind: "details", type: type as "reasoning", attributes, body },
    );
  }
  blocks.push({ kind: "text", text: content.slice(from) });
  return blocks.filter((block) => block.kind !== "text" || block.text !== "");
}

/** A seeded generator (mulberry32), so a failure is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = [
  '<details type="reasoning"',
  '<details\n  type="tool_calls"',
  '<details type="code_interpreter"',
  '<details type="other"',
  "<details",
  ' duration="3"',
  " ",
  ">",
  "</details>",
  "<think>",
  "</think>",
  "<summary>",
  "</summary>",
  "text",
];

describe("Open WebUI reply blocks", () => {
  it("reads thinking, tool calls and text; a tag never closed is text", () => {
    expect(
      replyBlocks(
        'Hi <think>hmm</think> <details type="reasoning" done="true" duration="2">' +
          '<summary>Thought</summary>\n> a</details>Answer <details type="tool_calls">x</details>' +
          "<think>never closed",
      ),
    ).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "think", body: "hmm" },
      { kind: "text", text: " " },
      {
        kind: "details",
        type: "reasoning",
        attributes: ' done="true" duration="2"',
        body: "<summary>Thought</summary>\n> a",
      },
      { kind: "text", text: "Answer " },
      { kind: "details", type: "tool_calls", attributes: "", body: "x" },
      { kind: "text", text: "<think>never closed" },
    ]);
    expect(withoutSummary("<summary>Thought</summary>\n> a")).toBe("\n> a");
  });

  it("reads every text as the regular expression it replaces did", () => {
    const next = random(21);
    for (let round = 0; round < 5000; round++) {
      const length = Math.floor(next() * 14);
      const content = Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join(
        "",
      );
      expect(replyBlocks(content), content).toEqual(blocksByRegex(content));
      expect(withoutSummary(content), content).toBe(content.replace(oldSummary, ""));
    }
  });

  // The bound is the test's timeout: each of these took the old expressions minutes to hours.
  it.each([
    ["unclosed <details> blocks", '<details type="reasoning">'],
    ["<details> tags without their end", '<details type="reasoning"'],
    ["unclosed <think> blocks", "<think>"],
    ["<details followed by spaces", "<details    "],
  ])("reads 1 MB of %s in linear time", (_, unit) => {
    const content = unit.repeat(Math.ceil(1_000_000 / unit.length));
    expect(replyBlocks(content)).toEqual([{ kind: "text", text: content }]);
  });

  it("removes a summary from 1 MB of unclosed summaries in linear time", () => {
    const body = "<summary>".repeat(120_000);
    expect(withoutSummary(body)).toBe(body);
  });
});
