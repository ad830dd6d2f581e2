import { describe, expect, it } from "vitest";
import { expectValidConversation, fixture, readItems, treeOf } from "./__fixtures__/streams";

describe("Claude's conversations.json", () => {
  it("builds the tree from parent_message_uuid, with thinking, and notes files and tool use", async () => {
    const items = await readItems(fixture("claude-conversations.json"));
    expect(items).toHaveLength(3);
    const [cat] = items;
    if (!cat?.ok) throw new Error("the first conversation did not convert");
    const conversation = cat.conversation;
    expectValidConversation(conversation);
    expect(conversation.title).toBe("Naming a grey cat");
    expect(conversation.createdAt).toEqual(new Date("2025-03-01T10:00:00Z"));
    expect(conversation.updatedAt).toEqual(new Date("2025-03-01T10:05:00Z"));
    // h2b is an edit of h2: both follow a1. The first message names the zero UUID, no message.
    expect(treeOf(conversation)).toEqual([
      "h1 <- (root)",
      "a1 <- h1",
      "h2 <- a1",
      "a2 <- h2",
      "h2b <- a1",
      "a2b <- h2b",
    ]);
    // Claude's export does not say which branch was shown: the last message written.
    expect(conversation.current).toBe("a2b");
    expect(conversation.messages.map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(conversation.messages[1]?.parts).toEqual([
      { type: "reasoning", text: "Grey suggests smoky or stormy names.", durationMs: 3000 },
      { type: "text", text: "How about Smokey?" },
    ]);
    expect(conversation.messages[3]?.parts).toEqual([{ type: "text", text: "Try Ash or Pewter." }]);
    expect(conversation.messages[0]?.createdAt).toEqual(new Date("2025-03-01T10:00:00Z"));
    expect(cat.skipped).toEqual([
      "2 attachments (cat-notes.txt, cat.jpg)",
      "1 tool call",
      "1 tool result",
      "an unknown content type 'voice_note'",
    ]);
  });

  it("chains an export without parents in order and leaves out a reply that was only a tool call", async () => {
    const [, untitled] = await readItems(fixture("claude-conversations.json"));
    if (!untitled?.ok) throw new Error("the second conversation did not convert");
    const conversation = untitled.conversation;
    expectValidConversation(conversation);
    // An empty name stays empty: the store names it from its first message.
    expect(conversation.title).toBe("");
    expect(treeOf(conversation)).toEqual(["m1 <- (root)", "m2 <- m1", "m3 <- m2"]);
    expect(conversation.messages[0]?.parts).toEqual([{ type: "text", text: "Hello" }]);
    // The last message (a tool call, left out) resolves to the message it followed.
    expect(conversation.current).toBe("m3");
    expect(untitled.skipped).toEqual(["1 tool call"]);
  });

  it("does not import a conversation without messages", async () => {
    const [, , empty] = await readItems(fixture("claude-conversations.json"));
    expect(empty).toEqual({
      ok: false,
      title: "Nothing said",
      reason: "It has no messages to import.",
    });
  });
});
