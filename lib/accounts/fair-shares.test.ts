import { describe, expect, test } from "vitest";
import { noLimits } from "./access-policy";
import { FairShares, overShareMessage } from "./fair-shares";

/** A clock the test moves, and a day's usage the test sets. */
function shares() {
  let now = Date.parse("2026-12-06T23:00:00.000Z");
  const used = new Map<string, number>();
  const fair = new FairShares(
    async (owner, day) => used.get(`${owner}|${day}`) ?? 0,
    () => now,
  );
  return {
    fair,
    advance: (ms: number) => {
      now += ms;
    },
    use: (owner: string, day: string, tokens: number) => used.set(`${owner}|${day}`, tokens),
  };
}

describe("a person's fair share", () => {
  test("no limits: every request goes in", async () => {
    const { fair } = shares();
    for (let i = 0; i < 100; i++) expect((await fair.admit("ada", noLimits)).ok).toBe(true);
    expect((await fair.admit("ada", undefined)).ok).toBe(true);
  });

  test("replies at once: one more when one ends, each person counted apart", async () => {
    const { fair } = shares();
    const limits = { ...noLimits, repliesAtOnce: 2 };
    const first = await fair.admit("ada", limits);
    const second = await fair.admit("ada", limits);
    const third = await fair.admit("ada", limits);
    expect([first.ok, second.ok, third.ok]).toEqual([true, true, false]);
    expect(third).toMatchObject({
      over: { limit: "replies-at-once", max: 2, retryAfterSeconds: 1 },
    });
    expect((await fair.admit("bob", limits)).ok).toBe(true);
    if (first.ok) {
      first.done();
      first.done(); // once is once
    }
    expect((await fair.admit("ada", limits)).ok).toBe(true);
    expect((await fair.admit("ada", limits)).ok).toBe(false);
  });

  test("requests per minute: a sliding window, and the wait until the oldest leaves it", async () => {
    const { fair, advance } = shares();
    const limits = { ...noLimits, requestsPerMinute: 3 };
    for (let i = 0; i < 3; i++) {
      const admitted = await fair.admit("ada", limits);
      if (admitted.ok) admitted.done();
      advance(10_000);
    }
    const over = await fair.admit("ada", limits);
    expect(over).toMatchObject({
      ok: false,
      over: { limit: "requests-per-minute", max: 3, retryAfterSeconds: 30 },
    });
    advance(30_000);
    expect((await fair.admit("ada", limits)).ok).toBe(true);
  });

  test("tokens per day: refused once the day's usage reaches it, until midnight UTC", async () => {
    const { fair, use } = shares();
    const limits = { ...noLimits, tokensPerDay: 1000 };
    use("ada", "2026-12-06", 999);
    expect((await fair.admit("ada", limits)).ok).toBe(true);
    use("ada", "2026-12-06", 1000);
    const over = await fair.admit("ada", limits);
    expect(over).toMatchObject({
      ok: false,
      over: { limit: "tokens-per-day", retryAfterSeconds: 3600 },
    });
    if (!over.ok) {
      expect(overShareMessage(over.over)).toBe(
        "You have used your 1,000 tokens of today: go on in 1 h (at midnight UTC).",
      );
    }
  });

  test("the sentences people read", () => {
    expect(overShareMessage({ limit: "requests-per-minute", max: 5, retryAfterSeconds: 12 })).toBe(
      "You have sent your 5 requests of this minute: go on in 12 s.",
    );
    expect(overShareMessage({ limit: "replies-at-once", max: 1, retryAfterSeconds: 1 })).toBe(
      "You have 1 reply being written, your share at once: go on when it ends.",
    );
  });
});
