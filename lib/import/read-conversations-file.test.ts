import { describe, expect, it } from "vitest";
import {
  expectValidConversation,
  fixture,
  readConversations,
  readFailure,
  readItems,
  streamOf,
} from "./__fixtures__/streams";
import { ImportFileError, readConversationsFile } from "./read-conversations-file";

const notAnExport =
  "This is not a conversation export: expected ChatGPT's, Claude's or Open WebUI's conversations, or ours.";

function chatgptConversation(n: number): object {
  return {
    title: `Chat ${n}`,
    create_time: 1700000000 + n,
    update_time: 1700000000 + n,
    mapping: {
      root: { id: "root", message: null, parent: null, children: ["u"] },
      u: {
        id: "u",
        message: {
          author: { role: "user" },
          content: { content_type: "text", parts: [`Question ${n}: ${"why? ".repeat(20)}`] },
        },
        parent: "root",
        children: ["a"],
      },
      a: {
        id: "a",
        message: {
          author: { role: "assistant" },
          content: { content_type: "text", parts: [`Answer ${n}: ${"because. ".repeat(40)}`] },
        },
        parent: "u",
        children: [],
      },
    },
    current_node: "a",
  };
}

describe("readConversationsFile", () => {
  it("tells each format from its first conversation", async () => {
    for (const [name, count] of [
      ["chatgpt-conversations.json", 4],
      ["claude-conversations.json", 3],
      ["open-webui-chats.json", 3],
      ["open-webui-single-chat.json", 1],
      ["our-conversations.json", 2],
    ] as const) {
      const items = await readItems(fixture(name));
      expect(items, name).toHaveLength(count);
      for (const item of items) if (item.ok) expectValidConversation(item.conversation);
    }
  });

  it("reads a file that comes in one chunk, many conversations at once", async () => {
    const items = [];
    const whole = fixture("chatgpt-conversations.json");
    for await (const item of readConversationsFile(streamOf(whole, whole.length))) items.push(item);
    expect(items.map((item) => item.ok)).toEqual([true, true, false, false]);
  });

  it("reads a file with a byte order mark, in chunks of one byte", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...fixture("open-webui-single-chat.json")]);
    const items = [];
    for await (const item of readConversationsFile(streamOf(bytes, 1))) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]?.ok).toBe(true);
  });

  it("cuts titles to 200 characters", async () => {
    const long = { ...chatgptConversation(1), title: `${"Lisbon ".repeat(40)}🏰 and more` };
    const [item] = await readConversations(JSON.stringify([long]));
    const title = item?.conversation.title ?? "";
    expect(Array.from(title)).toHaveLength(200);
    expect(title.endsWith("…")).toBe(true);
  });

  it("makes an element of the wrong shape an item that failed, and goes on", async () => {
    const claude = JSON.parse(new TextDecoder().decode(fixture("claude-conversations.json")))[0];
    const file = JSON.stringify([
      chatgptConversation(1),
      { title: "Broken", mapping: 5 },
      "a string",
      claude,
      chatgptConversation(2),
    ]);
    const items = await readItems(file);
    expect(items.map((item) => item.ok)).toEqual([true, false, false, false, true]);
    expect(items[1]).toEqual({
      ok: false,
      title: "Broken",
      reason:
        "It is not a ChatGPT conversation (mapping: Invalid input: expected record, received number).",
    });
    expect(items[2]).toMatchObject({ ok: false, title: "Conversation 3" });
    expect(items[3]).toMatchObject({ ok: false, title: "Naming a grey cat" });
    expect(items[3]?.ok === false && items[3].reason).toMatch(
      /^It is not a ChatGPT conversation \(mapping: /,
    );
  });

  it.each([
    ["text", "hello", 'This file is not JSON (unexpected character "h" at byte 0).'],
    [
      "a zip archive",
      "PK\u0003\u0004\u0014\u0000",
      'This file is not JSON (unexpected character "P" at byte 0).',
    ],
    ["a missing comma", '[{"a": 1 "b": 2}]', "This file is not JSON (unexpected token at byte 9)."],
    ["a trailing comma", '[{"a": 1,}]', "This file is not JSON (unexpected token at byte 9)."],
    [
      "text after the JSON",
      '{"format": "chat-conversation"} and more',
      "This file is not JSON: it goes on after its JSON value ends (at byte 32).",
    ],
    ["nothing", "", "This file is empty."],
    ["only whitespace", " \n\t ", "This file is empty."],
  ])("says a file of %s is not JSON", async (_, content, message) => {
    const error = await readFailure(content);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toBe(message);
  });

  it("says a cut-off file ends in the middle, after the conversations it could read", async () => {
    const whole = fixture("claude-conversations.json");
    const text = new TextDecoder().decode(whole);
    const cut = whole.slice(0, text.indexOf('"Nothing said"'));
    const items: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const item of readConversationsFile(streamOf(cut))) items.push(item);
      } catch (caught) {
        return caught;
      }
    })();
    expect(items).toHaveLength(2);
    expect((error as Error).message).toBe(
      "This file ends in the middle of its JSON: it may have been cut off while it was copied or downloaded.",
    );
  });

  it("hands out the conversations before a syntax error, then throws", async () => {
    const file = `[${JSON.stringify(chatgptConversation(1))},${JSON.stringify(chatgptConversation(2))} oops]`;
    const items: unknown[] = [];
    let error: unknown;
    try {
      // One chunk: both conversations and the error come from a single write to the parser.
      for await (const item of readConversationsFile(streamOf(file, file.length))) items.push(item);
    } catch (caught) {
      error = caught;
    }
    expect(items).toHaveLength(2);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toMatch(
      /^This file is not JSON \(unexpected character "o" at byte \d+\)\.$/,
    );
  });

  it.each([
    ["an object of another app", '{"messages": [{"role": "user", "content": "hi"}]}'],
    ["an array of numbers", "[1, 2, 3]"],
    ["an array of arrays", "[[]]"],
    ["a string", '"conversations"'],
    ["a number", "42"],
    ["null", "null"],
  ])("says JSON of another shape (%s) is not an export", async (_, content) => {
    const error = await readFailure(content);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toBe(notAnExport);
  });

  it("yields nothing for an empty array (an export of no conversations)", async () => {
    expect(await readItems("[]")).toEqual([]);
  });

  it("reads a large export one conversation at a time, as the stream arrives", async () => {
    const total = 2000;
    const encoder = new TextEncoder();
    let produced = 0;
    let closed = false;
    // One conversation per pull: the file never exists as one string.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced === total) {
          controller.enqueue(encoder.encode("]"));
          controller.close();
          closed = true;
          return;
        }
        const prefix = produced === 0 ? "[" : ",";
        controller.enqueue(encoder.encode(prefix + JSON.stringify(chatgptConversation(produced))));
        produced++;
      },
    });

    let count = 0;
    let producedAtFirst = -1;
    for await (const item of readConversationsFile(stream)) {
      if (count === 0) producedAtFirst = produced;
      if (!item.ok) throw new Error(item.reason);
      expect(item.conversation.title).toBe(`Chat ${count}`);
      if (count % 500 === 0) expectValidConversation(item.conversation);
      count++;
    }
    expect(count).toBe(total);
    expect(closed).toBe(true);
    // The first conversation came after a few pulls (the stream reads a little ahead), not all.
    expect(producedAtFirst).toBeGreaterThan(0);
    expect(producedAtFirst).toBeLessThan(5);
  });

  it("cancels the stream when the caller stops reading", async () => {
    let cancelled = false;
    let produced = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const prefix = produced === 0 ? "[" : ",";
        controller.enqueue(
          new TextEncoder().encode(prefix + JSON.stringify(chatgptConversation(produced))),
        );
        produced++;
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const item of readConversationsFile(stream)) {
      expect(item.ok).toBe(true);
      break;
    }
    expect(cancelled).toBe(true);
  });
});
