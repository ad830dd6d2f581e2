import { describe, expect, it } from "vitest";
import type { LlamaCppMessage } from "../llama-cpp-engine";
import { trimOldest } from "./trim-oldest";

/** Every message is 10 tokens of text; the rendered prompt adds 2 per message. */
const textOf = (message: LlamaCppMessage) =>
  message.role === "assistant"
    ? message.items.map((item) => (item.type === "text" ? item.text : "")).join("")
    : message.text;
const messageTokens = (message: LlamaCppMessage) => textOf(message).length;
const reply = (label: string): LlamaCppMessage => ({
  role: "assistant",
  items: [{ type: "text", text: label }],
});
const promptTokens = (messages: LlamaCppMessage[]) =>
  messages.reduce((sum, message) => sum + messageTokens(message) + 2, 0);
const text = (label: string) => label.padEnd(10, ".");

/** A system message and `turns` user/assistant pairs, ending with a user message. */
function conversation(turns: number): LlamaCppMessage[] {
  const messages: LlamaCppMessage[] = [{ role: "system", text: text("sys") }];
  for (let turn = 0; turn < turns; turn++) {
    messages.push({ role: "user", text: text(`u${turn}`) });
    messages.push(reply(text(`a${turn}`)));
  }
  messages.push({ role: "user", text: text(`u${turns}`) });
  return messages;
}

describe("trimOldest", () => {
  it("keeps a conversation that fits as it is", () => {
    const messages = conversation(2);
    expect(trimOldest(messages, { budget: 1000, promptTokens, messageTokens })).toEqual({
      messages,
      dropped: 0,
    });
  });

  it("drops whole turns from the start, keeping the system message and the newest turns", () => {
    const messages = conversation(10); // 22 messages, 264 tokens
    const trimmed = trimOldest(messages, { budget: 200, promptTokens, messageTokens });
    if (!trimmed) throw new Error("expected a fit");
    expect(trimmed.dropped).toBeGreaterThan(0);
    expect(trimmed.dropped % 2).toBe(0);
    expect(trimmed.messages[0]).toEqual(messages[0]);
    expect(trimmed.messages[1]?.role).toBe("user");
    expect(trimmed.messages.at(-1)).toEqual(messages.at(-1));
    expect(trimmed.messages).toEqual([messages[0], ...messages.slice(1 + trimmed.dropped)]);
    expect(promptTokens(trimmed.messages)).toBeLessThanOrEqual(200);
    // A large step (half the budget, 100 tokens of text), not just the one turn that overflowed.
    expect(trimmed.dropped).toBe(10);
  });

  it("keeps the same cut for the following turns, so the trimmed prefix is reused", () => {
    const budget = 200;
    const firstKept: string[] = [];
    for (let turns = 8; turns <= 20; turns++) {
      const trimmed = trimOldest(conversation(turns), { budget, promptTokens, messageTokens });
      if (!trimmed) throw new Error("expected a fit");
      const kept = trimmed.messages[1];
      if (trimmed.dropped > 0) firstKept.push(kept ? textOf(kept) : "");
    }
    // 13 turns that needed trimming moved the cut only a few times, each time by many messages.
    const moves = firstKept.filter((kept, i) => i > 0 && kept !== firstKept[i - 1]).length;
    expect(firstKept.length).toBeGreaterThanOrEqual(10);
    expect(moves).toBeLessThanOrEqual(3);
  });

  it("gives up when the system message and the last user message alone do not fit", () => {
    const messages: LlamaCppMessage[] = [
      { role: "system", text: "s".repeat(50) },
      { role: "user", text: text("u0") },
      reply(text("a0")),
      { role: "user", text: "u".repeat(60) },
    ];
    expect(trimOldest(messages, { budget: 100, promptTokens, messageTokens })).toBeUndefined();
  });

  it("never drops the only user message", () => {
    const messages: LlamaCppMessage[] = [{ role: "user", text: "u".repeat(300) }];
    expect(trimOldest(messages, { budget: 100, promptTokens, messageTokens })).toBeUndefined();
  });
});
