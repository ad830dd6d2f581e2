import { describe, expect, test } from "vitest";
import type { MessagePart } from "@/lib/chat/message";
import type { ConversationImport } from "@/lib/store/conversation-import";
import { streamOf } from "./__fixtures__/streams";
import { cutLongMessages, cutMarker } from "./long-messages";
import { type ImportItem, readConversationsFile } from "./read-conversations-file";

function conversation(...messages: MessagePart[][]): ConversationImport {
  return {
    title: "Long",
    systemPrompt: null,
    model: null,
    current: null,
    messages: messages.map((parts, n) => ({
      key: `m${n}`,
      parent: n === 0 ? null : `m${n - 1}`,
      role: n % 2 === 0 ? "user" : "assistant",
      parts,
      status: "complete",
    })),
  };
}

const partsOf = (data: ConversationImport, n: number) => data.messages[n]?.parts;

describe("cutLongMessages", () => {
  test("leaves a conversation whose messages fit as it is", () => {
    const data = conversation(
      [{ type: "text", text: "1234567890" }],
      [
        { type: "reasoning", text: "12345" },
        { type: "text", text: "12345" },
      ],
    );
    expect(cutLongMessages(data, 10)).toEqual({ conversation: data, cut: 0 });
    expect(cutLongMessages(data, 10).conversation).toBe(data);
  });

  test("cuts the text that crosses the bound, leaves out what follows, and says how much went", () => {
    const data = conversation(
      [{ type: "text", text: "short" }],
      [
        { type: "reasoning", text: "think" },
        { type: "text", text: "abcdefghij" },
        { type: "text", text: "after" },
      ],
    );
    const { conversation: cut, cut: count } = cutLongMessages(data, 8);
    expect(count).toBe(1);
    expect(partsOf(cut, 0)).toBe(partsOf(data, 0));
    // 5 of thinking, 3 of text: the other 7 of "abcdefghij" and the 5 of "after" went.
    expect(partsOf(cut, 1)).toEqual([
      { type: "reasoning", text: "think" },
      { type: "text", text: "abc" },
      { type: "text", text: cutMarker(12) },
    ]);
    expect(cutMarker(12_345_678)).toBe(
      "\n\n[Cut on import: 12,345,678 more characters of this message were left out.]",
    );
  });

  test("never keeps half of a character outside the Basic Multilingual Plane", () => {
    const data = conversation([{ type: "text", text: "ab😀cd" }]);
    // "ab" and the first half of 😀 are 3 UTF-16 units: the half goes with the rest.
    expect(partsOf(cutLongMessages(data, 3).conversation, 0)).toEqual([
      { type: "text", text: "ab" },
      { type: "text", text: cutMarker(4) },
    ]);
  });

  test("counts a tool call's input and output as JSON, and leaves out one that crosses the bound", () => {
    const tool: MessagePart = {
      type: "tool",
      toolCallId: "c",
      toolName: "search",
      input: { q: "x".repeat(50) },
      state: "output-available",
      output: "y".repeat(50),
    };
    const data = conversation([
      { type: "text", text: "before" },
      tool,
      { type: "text", text: "!" },
    ]);
    const size = JSON.stringify(tool.input).length + JSON.stringify(tool.output).length;
    expect(cutLongMessages(data, 6 + size + 1).cut).toBe(0);
    expect(partsOf(cutLongMessages(data, 50).conversation, 0)).toEqual([
      { type: "text", text: "before" },
      { type: "text", text: cutMarker(size + 1) },
    ]);
  });
});

describe("reading a file with a message longer than the bound", () => {
  test("imports it cut, with the marker in its text and a line in what the conversation lost", async () => {
    const long = "All work and no play. ".repeat(100);
    const file = JSON.stringify([
      {
        title: "Jack",
        mapping: {
          u: {
            message: { author: { role: "user" }, content: { content_type: "text", parts: [long] } },
            parent: null,
          },
          a: {
            message: {
              author: { role: "assistant" },
              content: { content_type: "text", parts: [long] },
            },
            parent: "u",
          },
        },
        current_node: "a",
      },
    ]);
    const items: ImportItem[] = [];
    for await (const item of readConversationsFile(streamOf(file), { maxMessageChars: 1000 })) {
      items.push(item);
    }
    const [item] = items;
    if (!item?.ok) throw new Error("the conversation was not read");
    expect(item.skipped).toEqual([
      "the end of 2 messages longer than 1,000 characters (CHAT_MAX_IMPORT_MESSAGE_CHARS)",
    ]);
    for (const message of item.conversation.messages) {
      expect(message.parts).toEqual([
        { type: "text", text: long.slice(0, 1000) },
        { type: "text", text: cutMarker(long.length - 1000) },
      ]);
    }
  });
});
