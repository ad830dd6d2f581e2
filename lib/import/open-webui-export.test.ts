import { describe, expect, it } from "vitest";
import { expectValidConversation, fixture, readItems, treeOf } from "./__fixtures__/streams";

describe("Open WebUI's chat export", () => {
  it("reads the history tree, the thinking folded into the reply, and notes files and tool calls", async () => {
    const items = await readItems(fixture("open-webui-chats.json"));
    expect(items).toHaveLength(3);
    const [primes] = items;
    if (!primes?.ok) throw new Error("the first chat did not convert");
    const conversation = primes.conversation;
    expectValidConversation(conversation);
    expect(conversation.title).toBe("Is 91 prime?");
    expect(conversation.systemPrompt).toBe("Answer briefly.");
    expect(conversation.model).toBe("qwq:32b");
    expect(conversation.createdAt).toEqual(new Date(1710000000_000));
    expect(conversation.updatedAt).toEqual(new Date(1710000100_000));
    // a1b is a regenerated reply (a sibling of a1); the chat goes on from it.
    expect(treeOf(conversation)).toEqual([
      "u1 <- (root)",
      "a1 <- u1",
      "a1b <- u1",
      "u2 <- a1b",
      "a2 <- u2",
    ]);
    expect(conversation.current).toBe("a2");
    const byKey = new Map(conversation.messages.map((m) => [m.key, m]));
    expect(byKey.get("a1")?.parts).toEqual([
      { type: "reasoning", text: "91 = 7 × 13.\nSo it is not prime.", durationMs: 7000 },
      { type: "text", text: "No: 91 = 7 × 13." },
    ]);
    expect(byKey.get("a1b")?.parts).toEqual([{ type: "text", text: "No, 91 is 7 times 13." }]);
    expect(byKey.get("a2")?.parts).toEqual([
      { type: "reasoning", text: "97 has no divisor up to 9." },
      { type: "text", text: "Yes, 97 is prime." },
    ]);
    // `done: false`: the reply was stopped.
    expect(byKey.get("a2")?.status).toBe("stopped");
    expect(byKey.get("u1")?.createdAt).toEqual(new Date(1710000000_000));
    expect(primes.skipped).toEqual(["1 image", "1 attachment (primes.csv)", "1 tool call"]);
  });

  it("chains an older chat that has only its list of messages", async () => {
    const [, old] = await readItems(fixture("open-webui-chats.json"));
    if (!old?.ok) throw new Error("the second chat did not convert");
    expectValidConversation(old.conversation);
    expect(old.conversation.title).toBe("An old chat");
    expect(old.conversation.model).toBe("llama2");
    expect(treeOf(old.conversation)).toEqual(["m1 <- (root)", "m2 <- m1"]);
    expect(old.conversation.current).toBe("m2");
    expect(old.skipped).toEqual([]);
  });

  it("does not import a chat without messages", async () => {
    const [, , empty] = await readItems(fixture("open-webui-chats.json"));
    expect(empty).toEqual({
      ok: false,
      title: "Never started",
      reason: "It has no messages to import.",
    });
  });

  it("reads a file of one chat (not in an array), and one bare chat", async () => {
    const [single] = await readItems(fixture("open-webui-single-chat.json"));
    if (!single?.ok) throw new Error("the chat did not convert");
    expectValidConversation(single.conversation);
    expect(single.conversation.title).toBe("Haiku about tea");
    expect(treeOf(single.conversation)).toEqual(["q <- (root)", "r <- q"]);
    expect(single.conversation.current).toBe("r");

    const bare = JSON.parse(new TextDecoder().decode(fixture("open-webui-single-chat.json"))).chat;
    const [item] = await readItems(JSON.stringify(bare));
    if (!item?.ok) throw new Error("the bare chat did not convert");
    expect(item.conversation.title).toBe("Haiku about tea");
    expect(item.conversation.messages).toHaveLength(2);
  });
});
