import { describe, expect, it } from "vitest";
import { LlamaCppError } from "../llama-cpp-error";
import { commonPrefixLength, reusableTokens } from "./prefix-reuse";
import { SequencePool } from "./sequence-pool";

/** Settles pending promise callbacks, so a test can tell a resolved waiter from a pending one. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Tracks whether a promise has resolved yet. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe("SequencePool", () => {
  it("refuses to be built without items", () => {
    expect(() => new SequencePool([])).toThrow(/at least one item/);
  });

  it("hands out every free item at once, each to one request", async () => {
    const pool = new SequencePool(["a", "b", "c"]);
    const items = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    expect([...items].sort()).toEqual(["a", "b", "c"]);
    expect(pool.waiting).toBe(0);
  });

  it("makes requests wait when every item is out, and counts them", async () => {
    const pool = new SequencePool(["a"]);
    await pool.acquire();
    const second = track(pool.acquire());
    const third = track(pool.acquire());
    await flush();
    expect(pool.waiting).toBe(2);
    expect(second.settled).toBe(false);
    expect(third.settled).toBe(false);
  });

  it("tells each waiter its place in the queue, and again as it moves up", async () => {
    const pool = new SequencePool(["a"]);
    const held = await pool.acquire();
    const places: Record<string, number[]> = { first: [], second: [], third: [] };
    const leaving = new AbortController();
    const first = pool.acquire(undefined, undefined, (place) => places.first?.push(place));
    const second = pool.acquire(leaving.signal, undefined, (place) => places.second?.push(place));
    void pool.acquire(undefined, undefined, (place) => places.third?.push(place));
    expect(places).toEqual({ first: [1], second: [2], third: [3] });

    leaving.abort(new Error("gone"));
    await expect(second).rejects.toThrow("gone");
    expect(places.third).toEqual([3, 2]);

    pool.release(held);
    expect(await first).toBe("a");
    expect(places).toEqual({ first: [1], second: [2], third: [3, 2, 1] });
  });

  it("serves waiters first come first served as items are released", async () => {
    const pool = new SequencePool(["a", "b"]);
    const x = await pool.acquire();
    const y = await pool.acquire();
    const order: string[] = [];
    const waiters = ["first", "second", "third"].map((name) =>
      pool.acquire().then((item) => {
        order.push(name);
        return item;
      }),
    );
    expect(pool.waiting).toBe(3);

    pool.release(y);
    await flush();
    expect(order).toEqual(["first"]);
    expect(pool.waiting).toBe(2);

    pool.release(x);
    await flush();
    expect(order).toEqual(["first", "second"]);

    // The first waiter hands its item on; the third gets exactly that item.
    pool.release(await (waiters[0] as Promise<string>));
    await flush();
    expect(order).toEqual(["first", "second", "third"]);
    expect(await waiters[0]).toBe(y);
    expect(await waiters[1]).toBe(x);
    expect(await waiters[2]).toBe(y);
    expect(pool.waiting).toBe(0);
  });

  it("hands a released item straight to the next waiter rather than back to the free list", async () => {
    const pool = new SequencePool(["only"]);
    const item = await pool.acquire();
    const waiter = track(pool.acquire());
    pool.release(item);
    await flush();
    expect(waiter.value).toBe("only");

    // The item is out again, so a newcomer waits.
    const newcomer = track(pool.acquire());
    await flush();
    expect(newcomer.settled).toBe(false);
    expect(pool.waiting).toBe(1);

    pool.release("only");
    await flush();
    expect(newcomer.value).toBe("only");
  });

  it("returns a released item to the free list when nobody waits", async () => {
    const pool = new SequencePool(["only"]);
    pool.release(await pool.acquire());
    expect(pool.waiting).toBe(0);
    const next = track(pool.acquire());
    await flush();
    expect(next.value).toBe("only");
  });

  it("drops an aborted waiter from the queue and rejects it with the abort reason", async () => {
    const pool = new SequencePool(["only"]);
    const item = await pool.acquire();
    const controller = new AbortController();
    const cancelled = track(pool.acquire(controller.signal));
    const next = track(pool.acquire());
    expect(pool.waiting).toBe(2);

    const reason = new Error("request cancelled");
    controller.abort(reason);
    await flush();
    expect(cancelled.error).toBe(reason);
    expect(pool.waiting).toBe(1);

    // The released item skips the cancelled request.
    pool.release(item);
    await flush();
    expect(next.value).toBe("only");
    expect(cancelled.value).toBeUndefined();
    expect(pool.waiting).toBe(0);
  });

  it("keeps the item free when the only waiter aborted before it was released", async () => {
    const pool = new SequencePool(["only"]);
    const item = await pool.acquire();
    const controller = new AbortController();
    const cancelled = pool.acquire(controller.signal);
    controller.abort("gone");
    await expect(cancelled).rejects.toBe("gone");
    pool.release(item);
    expect(pool.waiting).toBe(0);
    const next = track(pool.acquire());
    await flush();
    expect(next.value).toBe("only");
  });

  it("ignores an abort after the waiter was served", async () => {
    const pool = new SequencePool(["only"]);
    const item = await pool.acquire();
    const controller = new AbortController();
    const served = pool.acquire(controller.signal);
    pool.release(item);
    await expect(served).resolves.toBe("only");
    controller.abort("too late");
    // Nothing was queued or freed by the late abort: the item is still out.
    const newcomer = track(pool.acquire());
    await flush();
    expect(newcomer.settled).toBe(false);
    expect(pool.waiting).toBe(1);
  });

  it("refuses a request whose signal already aborted, without taking an item", async () => {
    const pool = new SequencePool(["only"]);
    const controller = new AbortController();
    const reason = new Error("already cancelled");
    controller.abort(reason);
    // Wrapped: acquire currently throws synchronously here instead of returning a rejection.
    await expect(async () => pool.acquire(controller.signal)).rejects.toBe(reason);
    expect(pool.waiting).toBe(0);
    const next = track(pool.acquire());
    await flush();
    expect(next.value).toBe("only");
  });

  it("refuses a request at once with queue-full when maxWaiting requests already wait", async () => {
    const pool = new SequencePool(["only"], { maxWaiting: 2 });
    const item = await pool.acquire();
    const first = track(pool.acquire());
    const second = track(pool.acquire());
    await expect(pool.acquire()).rejects.toSatisfy(
      (error) => LlamaCppError.isInstance(error) && error.code === "queue-full",
    );
    expect(pool.waiting).toBe(2);

    // The refused request took no place: the two queued ones are served in turn.
    pool.release(item);
    await flush();
    expect(first.value).toBe("only");
    expect(second.settled).toBe(false);
    pool.release("only");
    await flush();
    expect(second.value).toBe("only");
  });

  it("counts only waiters against maxWaiting, and frees a place when a waiter aborts", async () => {
    const pool = new SequencePool(["a", "b"], { maxWaiting: 1 });
    // Free items are handed out regardless of the bound.
    const [a] = await Promise.all([pool.acquire(), pool.acquire()]);
    const controller = new AbortController();
    const cancelled = pool.acquire(controller.signal);
    await expect(pool.acquire()).rejects.toSatisfy((error) => LlamaCppError.isInstance(error));

    controller.abort("gone");
    await expect(cancelled).rejects.toBe("gone");
    const next = track(pool.acquire());
    expect(pool.waiting).toBe(1);
    pool.release(a);
    await flush();
    expect(next.value).toBe(a);
  });
});

/** A fake context sequence: the tokens it holds. */
interface FakeSequence {
  name: string;
  contextTokens: number[];
}
const fake = (name: string, contextTokens: number[]): FakeSequence => ({ name, contextTokens });
const prefixOf = (prompt: number[]) => (sequence: FakeSequence) =>
  reusableTokens(sequence.contextTokens, prompt);

describe("commonPrefixLength", () => {
  it("counts the leading tokens two lists share", () => {
    expect(commonPrefixLength([1, 2, 3], [1, 2, 4])).toBe(2);
    expect(commonPrefixLength([1, 2], [1, 2, 3])).toBe(2);
    expect(commonPrefixLength([], [1])).toBe(0);
    expect(commonPrefixLength([5], [1])).toBe(0);
  });
});

describe("reusableTokens", () => {
  it("is the shared prefix when it is at least half of what the sequence holds", () => {
    expect(reusableTokens([1, 2, 3, 4], [1, 2, 3, 4, 5])).toBe(4);
    expect(reusableTokens([1, 2, 3, 4], [1, 2, 9])).toBe(2);
  });

  it("is 0 when the sequence holds another conversation that shares only a header", () => {
    expect(reusableTokens([1, 2, 3, 4, 5], [1, 2, 9])).toBe(0);
    expect(reusableTokens([], [1, 2])).toBe(0);
  });
});

describe("SequencePool routing by prompt prefix", () => {
  it("hands out the free sequence that holds the longest prefix of the prompt", async () => {
    const a = fake("a", [1, 2, 3, 4, 5]);
    const b = fake("b", [1, 2, 9, 8]);
    const empty = fake("empty", []);
    const pool = new SequencePool([empty, b, a]);
    expect(await pool.acquire(undefined, prefixOf([1, 2, 3, 4, 5, 6, 7]))).toBe(a);
    expect(await pool.acquire(undefined, prefixOf([1, 2, 9, 9]))).toBe(b);
    // Sharing only the header [1, 2] with the others, a new conversation gets the empty one.
    expect(await pool.acquire(undefined, prefixOf([1, 2, 7]))).toBe(empty);
  });

  it("breaks ties by least recently used, so a conversation's cache is kept longest", async () => {
    const x = fake("x", [7]);
    const y = fake("y", [8]);
    const z = fake("z", [9]);
    const pool = new SequencePool([x, y, z]);
    const unrelated = prefixOf([1, 2, 3]);
    // x, y, z all share nothing with the prompt: the first in line (x) goes.
    const first = await pool.acquire(undefined, unrelated);
    expect(first).toBe(x);
    pool.release(first);
    // x was just used, so y (now least recently used) goes, then z, then x.
    expect(await pool.acquire(undefined, unrelated)).toBe(y);
    expect(await pool.acquire(undefined, unrelated)).toBe(z);
    expect(await pool.acquire(undefined, unrelated)).toBe(x);
  });

  it("routes interleaved conversations A, B, A back to A's sequence", async () => {
    const s1 = fake("s1", []);
    const s2 = fake("s2", []);
    const pool = new SequencePool([s1, s2]);
    const promptA = [1, 10, 11];
    const promptB = [1, 20, 21];
    const forA = await pool.acquire(undefined, prefixOf(promptA));
    forA.contextTokens = [...promptA, 12];
    pool.release(forA);
    const forB = await pool.acquire(undefined, prefixOf(promptB));
    // B shares only a header with A: it takes the other (least recently used) sequence.
    expect(forB).not.toBe(forA);
    forB.contextTokens = [...promptB, 22];
    pool.release(forB);
    expect(await pool.acquire(undefined, prefixOf([...promptA, 12, 13]))).toBe(forA);
  });

  it("gives a released sequence to the first waiter whatever its prefix (FIFO)", async () => {
    const only = fake("only", [1, 2, 3]);
    const pool = new SequencePool([only]);
    const held = await pool.acquire();
    const order: string[] = [];
    const first = pool.acquire(undefined, prefixOf([9])).then(() => order.push("first"));
    const second = pool.acquire(undefined, prefixOf([1, 2, 3])).then(() => order.push("second"));
    pool.release(held);
    await first;
    pool.release(only);
    await second;
    expect(order).toEqual(["first", "second"]);
  });
});
