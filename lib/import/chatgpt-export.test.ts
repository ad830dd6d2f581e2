import { describe, expect, it } from "vitest";
import { expectValidConversation, fixture, readItems, treeOf } from "./__fixtures__/streams";
import { durationOfRecap } from "./chatgpt-export";

describe("ChatGPT's conversations.json", () => {
  it("reads each conversation as a tree, its skipped nodes bridged to their nearest kept ancestor", async () => {
    const items = await readItems(fixture("chatgpt-conversations.json"));
    expect(items).toHaveLength(4);
    const [tower] = items;
    if (!tower?.ok) throw new Error("the first conversation did not convert");
    const conversation = tower.conversation;
    expectValidConversation(conversation);
    expect(conversation.title).toBe("What is this tower?");
    expect(conversation.model).toBe("gpt-4o");
    expect(conversation.systemPrompt).toBeNull();
    expect(conversation.createdAt).toEqual(new Date(1700000000250));
    expect(conversation.updatedAt).toEqual(new Date(1700000300750));
    // The edited first message and the original are both first messages (the root, the hidden
    // system prompt and custom instructions above them are left out); the regenerated reply is a
    // sibling of the thinking reply; the thinking, "Thought for 12 seconds" and the answer are
    // one reply; the search call, its result and the unknown node are bridged over.
    expect(treeOf(conversation)).toEqual([
      "u1 <- (root)",
      "t1 <- u1",
      "a1-regen <- u1",
      "u1-edit <- (root)",
      "a2 <- u1-edit",
    ]);
    expect(conversation.current).toBe("a2");
    const [u1, t1, regen] = conversation.messages;
    expect(u1?.parts).toEqual([{ type: "text", text: "What is this building?" }]);
    expect(u1?.createdAt).toEqual(new Date(1700000010500));
    expect(t1?.role).toBe("assistant");
    expect(t1?.parts).toEqual([
      {
        type: "reasoning",
        text: "**Looking at the photo**\n\nA stone tower by the river, with a Manueline balcony.",
        durationMs: 12_000,
      },
      { type: "text", text: "That is the Belém Tower." },
    ]);
    expect(regen?.parts).toEqual([
      { type: "text", text: "It looks like the Tower of Belém, in Lisbon." },
    ]);
    expect(tower.skipped).toEqual([
      "the custom instructions",
      "1 image",
      "1 attachment (report.pdf)",
      "1 tool call",
      "1 tool message",
      "an unknown content type 'sonic_webpage'",
    ]);
  });

  it("keeps code as a code block, the system prompt, an interrupted reply, and a current node that was a tool's", async () => {
    const [, mean] = await readItems(fixture("chatgpt-conversations.json"));
    if (!mean?.ok) throw new Error("the second conversation did not convert");
    const conversation = mean.conversation;
    expectValidConversation(conversation);
    expect(conversation.systemPrompt).toBe("You are a careful data analyst.");
    expect(conversation.model).toBe("gpt-4");
    expect(treeOf(conversation)).toEqual(["u <- (root)", "code <- u"]);
    const reply = conversation.messages[1];
    expect(reply?.parts).toEqual([
      { type: "text", text: "```python\nprint(sum([2, 4, 9]) / 3)\n```\n\nThe mean is 5." },
    ]);
    expect(reply?.status).toBe("stopped");
    // `current_node` was the code's output (a tool message, left out): the reply it is part of.
    expect(conversation.current).toBe("code");
    expect(mean.skipped).toEqual(["1 tool message"]);
  });

  it("does not import a conversation with no messages or a broken tree", async () => {
    const [, , empty, broken] = await readItems(fixture("chatgpt-conversations.json"));
    expect(empty).toEqual({
      ok: false,
      title: "Empty chat",
      reason: "It has no messages to import.",
    });
    expect(broken).toEqual({
      ok: false,
      title: "A node whose parent is gone",
      reason: "Message u follows ghost, which is not in the conversation.",
    });
  });

  it("reads how long the model thought from its recap", () => {
    expect(durationOfRecap("Thought for 12 seconds")).toBe(12_000);
    expect(durationOfRecap("Thought for 1m 5s")).toBe(65_000);
    expect(durationOfRecap("Thought for 2 minutes")).toBe(120_000);
    expect(durationOfRecap("Worked for a couple of seconds")).toBeUndefined();
  });

  it("reads a recap as the regular expressions it replaces did", () => {
    const old = (recap: string) => {
      const minutes = /(\d+)\s*m(?:in(?:ute)?s?)?\b/i.exec(recap)?.[1];
      const seconds = /(\d+)\s*s(?:ec(?:ond)?s?)?\b/i.exec(recap)?.[1];
      if (minutes === undefined && seconds === undefined) return undefined;
      const ms = (Number(minutes ?? 0) * 60 + Number(seconds ?? 0)) * 1000;
      return Number.isSafeInteger(ms) ? ms : undefined;
    };
    const pieces = [
      "1",
      "25",
      " ",
      "\u00a0",
      "m",
      "min",
      "minutes",
      "s",
      "sec",
      "Seconds",
      "x",
      ".",
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 5000; round++) {
      const recap = Array.from(
        { length: Math.floor(next() * 8) },
        () => pieces[Math.floor(next() * pieces.length)],
      ).join("");
      expect(durationOfRecap(recap), recap).toBe(old(recap));
    }
  });

  // The bound is the test's timeout: the expressions this replaces took about an hour on 1 MB.
  it("reads a 1 MB recap of digits, or of numbers without a unit, in linear time", () => {
    expect(durationOfRecap(`Thought for ${"1".repeat(1_000_000)}`)).toBeUndefined();
    expect(durationOfRecap(`${"1 ".repeat(500_000)}5s`)).toBe(5000);
    // A number too large to be a duration is none.
    expect(durationOfRecap(`Thought for ${"9".repeat(400)} seconds`)).toBeUndefined();
  });
});
