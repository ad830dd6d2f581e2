import { describe, expect, it } from "vitest";
import { type ClearableSequence, OwnedChat } from "./owned-chat";
import { SequencePool } from "./sequence-pool";

/** A context sequence reduced to its tokens; clearing empties them, as node-llama-cpp's does. */
class FakeSequence implements ClearableSequence {
  clears = 0;
  constructor(public contextTokens: number[] = []) {}
  async clearHistory(): Promise<void> {
    this.clears++;
    this.contextTokens = [];
  }
}

const owned = (tokens: number[] = []) => new OwnedChat({ sequence: new FakeSequence(tokens) });

describe("OwnedChat", () => {
  it("scores only its owner's prompts, and a fresh sequence scores nothing", async () => {
    const chat = owned();
    expect(chat.reusableTokens("a", [1, 2])).toBe(0);
    await chat.claim("a");
    chat.chat.sequence.contextTokens = [1, 2, 3, 4];
    expect(chat.reusableTokens("a", [1, 2, 3, 4, 5])).toBe(4);
    expect(chat.reusableTokens("b", [1, 2, 3, 4, 5])).toBe(0);
    expect(chat.reusableTokens("", [1, 2, 3, 4, 5])).toBe(0);
  });

  it("erases another owner's tokens when it changes owner, and keeps its owner's", async () => {
    const chat = owned();
    await chat.claim("a");
    expect(chat.chat.sequence.clears).toBe(0);
    chat.chat.sequence.contextTokens = [1, 2, 3];
    await chat.claim("a");
    expect(chat.chat.sequence.contextTokens).toEqual([1, 2, 3]);
    await chat.claim("b");
    expect(chat.chat.sequence.clears).toBe(1);
    expect(chat.chat.sequence.contextTokens).toEqual([]);
    expect(chat.reusableTokens("a", [1, 2, 3])).toBe(0);
  });

  it("in a pool, routes an owner back to its own sequence and another owner elsewhere", async () => {
    const [first, second] = [owned(), owned()];
    const pool = new SequencePool([first, second]);
    const prompt = [1, 2, 3, 4, 5];
    const a = await pool.acquire({ owner: "a", score: (c) => c.reusableTokens("a", prompt) });
    await a.claim("a");
    a.chat.sequence.contextTokens = prompt;
    pool.release(a);

    // B's prompt shares all of A's: it still gets the least recently used sequence, not A's.
    const b = await pool.acquire({ owner: "b", score: (c) => c.reusableTokens("b", prompt) });
    expect(b).not.toBe(a);
    pool.release(b);
    const again = await pool.acquire({
      owner: "a",
      score: (c) => c.reusableTokens("a", [...prompt, 6]),
    });
    expect(again).toBe(a);
  });
});
