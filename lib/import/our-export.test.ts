import { describe, expect, it } from "vitest";
import { expectValidConversation, fixture, readItems, treeOf } from "./__fixtures__/streams";

describe("our own export", () => {
  it("reads an array of our conversations, a tree (version 2) and a chain (version 1)", async () => {
    const items = await readItems(fixture("our-conversations.json"));
    expect(items).toHaveLength(2);
    const [soup, ping] = items;
    if (!soup?.ok || !ping?.ok) throw new Error("a conversation did not convert");
    expectValidConversation(soup.conversation);
    expect(soup.skipped).toEqual([]);
    expect(soup.conversation.title).toBe("Branching soup");
    expect(soup.conversation.systemPrompt).toBe("You are a chef.");
    expect(treeOf(soup.conversation)).toEqual(["1 <- (root)", "2 <- 1", "3 <- 1"]);
    expect(soup.conversation.current).toBe("3");
    expect(soup.conversation.messages[1]?.parts[0]).toEqual({
      type: "reasoning",
      text: "Cheap and quick.",
      durationMs: 1500,
    });
    expectValidConversation(ping.conversation);
    expect(treeOf(ping.conversation)).toEqual(["0 <- (root)", "1 <- 0"]);
  });

  it("reads a file of one conversation", async () => {
    const one = {
      format: "chat-conversation",
      version: 1,
      title: "Alone",
      messages: [{ role: "user", content: "Hi" }],
    };
    const [item] = await readItems(JSON.stringify(one));
    expect(item?.ok && item.conversation.title).toBe("Alone");
  });

  it("gives the store's reason for one of ours that is broken", async () => {
    const broken = {
      format: "chat-conversation",
      version: 2,
      title: "Dangling",
      messages: [{ id: "a", parentId: "zz", role: "user", content: "Hi" }],
      currentId: null,
    };
    const [item] = await readItems(JSON.stringify([broken]));
    expect(item).toEqual({
      ok: false,
      title: "Dangling",
      reason: "Message a follows zz, which is not before it in the file.",
    });
  });
});
