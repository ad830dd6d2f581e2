import { describe, expect, it } from "vitest";
import { LlamaCppError } from "../llama-cpp-error";
import { commonPrefixLength, reusableTokens } from "./prefix-reuse";
import { SequencePool } from "./sequence-pool";

/** Requests of one owner: the pool serves them in the order they come. */
const one = { owner: "one" };

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
    const items = await Promise.all([pool.acquire(one), pool.acquire(one), pool.acquire(one)]);
    expect([...items].sort()).toEqual(["a", "b", "c"]);
    expect(pool.waiting).toBe(0);
  });

  it("makes requests wait when every item is out, and counts them", async () => {
    const pool = new SequencePool(["a"]);
    await pool.acquire(one);
    const second = track(pool.acquire(one));
    const third = track(pool.acquire(one));
    await flush();
    expect(pool.waiting).toBe(2);
    expect(second.settled).toBe(false);
    expect(third.settled).toBe(false);
  });

  it("tells each waiter its place in the queue, and again as it moves up", async () => {
    const pool = new SequencePool(["a"]);
    const held = await pool.acquire(one);
    const places: Record<string, number[]> = { first: [], second: [], third: [] };
    const leaving = new AbortController();
    const first = pool.acquire({ ...one, onPlace: (place) => places.first?.push(place) });
    const second = pool.acquire({
      ...one,
      signal: leaving.signal,
      onPlace: (place) => places.second?.push(place),
    });
    void pool.acquire({ ...one, onPlace: (place) => places.third?.push(place) });
    expect(places).toEqual({ first: [1], second: [2], third: [3] });

    leaving.abort(new Error("gone"));
    await expect(second).rejects.toThrow("gone");
    expect(places.third).toEqual([3, 2]);

    pool.release(held);
    expect(await first).toBe("a");
    expect(places).toEqual({ first: [1], second: [2], third: [3, 2, 1] });
  });

  it("serves one owner's waiters in the order they came as items are released", async () => {
    const pool = new SequencePool(["a", "b"]);
    const x = await pool.acquire(one);
    const y = await pool.acquire(one);
    const order: string[] = [];
    const waiters = ["first", "second", "third"].map((name) =>
      pool.acquire(one).then((item) => {
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
    const item = await pool.acquire(one);
    const waiter = track(pool.acquire(one));
    pool.release(item);
    await flush();
    expect(waiter.value).toBe("only");

    // The item is out again, so a newcomer waits.
    const newcomer = track(pool.acquire(one));
    await flush();
    expect(newcomer.settled).toBe(false);
    expect(pool.waiting).toBe(1);

    pool.release("only");
    await flush();
    expect(newcomer.value).toBe("only");
  });

  it("returns a released item to the free list when nobody waits", async () => {
    const pool = new SequencePool(["only"]);
    pool.release(await pool.acquire(one));
    expect(pool.waiting).toBe(0);
    const next = track(pool.acquire(one));
    await flush();
    expect(next.value).toBe("only");
  });

  it("drops an aborted waiter from the queue and rejects it with the abort reason", async () => {
    const pool = new SequencePool(["only"]);
    const item = await pool.acquire(one);
    const controller = new AbortController();
    const cancelled = track(pool.acquire({ ...one, signal: controller.signal }));
    const next = track(pool.acquire(one));
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
    const item = await pool.acquire(one);
    const controller = new AbortController();
    const cancelled = pool.acquire({ ...one, signal: controller.signal });
    controller.abort("gone");
    await expect(cancelled).rejects.toBe("gone");
    pool.release(item);
    expect(pool.waiting).toBe(0);
    const next = track(pool.acquire(one));
    await flush();
    expect(next.value).toBe("only");
  });

  it("ignores an abort after the waiter was served", async () => {
    const pool = new SequencePool(["only"]);
    const item = await pool.acquire(one);
    const controller = new AbortController();
    const served = pool.acquire({ ...one, signal: controller.signal });
    pool.release(item);
    await expect(served).resolves.toBe("only");
    controller.abort("too late");
    // Nothing was queued or freed by the late abort: the item is still out.
    const newcomer = track(pool.acquire(one));
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
    await expect(async () => pool.acquire({ ...one, signal: controller.signal })).rejects.toBe(
      reason,
    );
    expect(pool.waiting).toBe(0);
    const next = track(pool.acquire(one));
    await flush();
    expect(next.value).toBe("only");
  });

  it("refuses a request at once with queue-full when maxWaiting requests already wait", async () => {
    const pool = new SequencePool(["only"], { maxWaiting: 2 });
    const item = await pool.acquire(one);
    const first = track(pool.acquire(one));
    const second = track(pool.acquire(one));
    await expect(pool.acquire(one)).rejects.toSatisfy(
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
    const [a] = await Promise.all([pool.acquire(one), pool.acquire(one)]);
    const controller = new AbortController();
    const cancelled = pool.acquire({ ...one, signal: controller.signal });
    await expect(pool.acquire(one)).rejects.toSatisfy((error) => LlamaCppError.isInstance(error));

    controller.abort("gone");
    await expect(cancelled).rejects.toBe("gone");
    const next = track(pool.acquire(one));
    expect(pool.waiting).toBe(1);
    pool.release(a);
    await flush();
    expect(next.value).toBe(a);
  });
});

/** Acquires for `owner`, recording `name` in `served` when the item comes. */
function queue(pool: SequencePool<string>, served: string[], owner: string, name = owner) {
  return pool.acquire({ owner }).then((item) => {
    served.push(name);
    return item;
  });
}

/** Releases the pool's one item `times` times, each time to whoever it went to. */
async function handOn(pool: SequencePool<string>, times: number) {
  for (let time = 0; time < times; time++) {
    pool.release("only");
    await flush();
  }
}

describe("SequencePool's waiting line: owners in turn", () => {
  it("serves a newcomer's one request before a flooder's other nine (B second, not eleventh)", async () => {
    const pool = new SequencePool(["only"]);
    await pool.acquire({ owner: "someone" });
    const served: string[] = [];
    for (let i = 1; i <= 10; i++) void queue(pool, served, "a", `a${i}`);
    void queue(pool, served, "b");
    await handOn(pool, 11);
    expect(served).toEqual(["a1", "b", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"]);
  });

  it("served first come, first served (the order before), B is eleventh", async () => {
    const pool = new SequencePool(["only"], { order: "first-come" });
    await pool.acquire({ owner: "someone" });
    const served: string[] = [];
    for (let i = 1; i <= 10; i++) void queue(pool, served, "a", `a${i}`);
    void queue(pool, served, "b");
    await handOn(pool, 11);
    expect(served.indexOf("b")).toBe(10);
  });

  it("serves the newcomer next when the flooder's own request frees the item (B second)", async () => {
    const pool = new SequencePool(["only"]);
    const served: string[] = ["a1"];
    await pool.acquire({ owner: "a" });
    for (let i = 2; i <= 10; i++) void queue(pool, served, "a", `a${i}`);
    void queue(pool, served, "b");
    await handOn(pool, 10);
    expect(served).toEqual(["a1", "b", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"]);
  });

  it("goes round the owners, each owner's requests in the order they came", async () => {
    const pool = new SequencePool(["only"]);
    await pool.acquire({ owner: "someone" });
    const served: string[] = [];
    for (const owner of ["a", "b", "c"]) {
      for (let i = 1; i <= 3; i++) void queue(pool, served, owner, `${owner}${i}`);
    }
    await handOn(pool, 9);
    expect(served).toEqual(["a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3"]);
  });

  it("gives a freed item to the owner holding the fewest, even when the flooder's item frees it", async () => {
    const pool = new SequencePool(["x", "y", "z"]);
    const held = await Promise.all([1, 2, 3].map(() => pool.acquire({ owner: "flood" })));
    const served: string[] = [];
    for (const i of [1, 2, 3]) void queue(pool, served, "flood", `flood${i}`);
    const quiet = queue(pool, served, "quiet");
    // The flood holds all three; the quiet person holds none: the first item back is theirs.
    pool.release(held[0] as string);
    await flush();
    expect(served).toEqual(["quiet"]);
    expect(await quiet).toBe(held[0]);
    pool.release(held[1] as string);
    pool.release(held[2] as string);
    await flush();
    expect(served).toEqual(["quiet", "flood1", "flood2"]);
  });

  it("tells places as the line stands: a newcomer goes ahead, the flooder's later waiters move back", async () => {
    const pool = new SequencePool(["only"]);
    await pool.acquire({ owner: "someone" });
    const places: Record<string, number[]> = { a1: [], a2: [], a3: [], b: [] };
    for (const name of ["a1", "a2", "a3"]) {
      void pool.acquire({ owner: "a", onPlace: (place) => places[name]?.push(place) });
    }
    void pool.acquire({ owner: "b", onPlace: (place) => places.b?.push(place) });
    expect(places).toEqual({ a1: [1], a2: [2, 3], a3: [3, 4], b: [2] });
    pool.release("only");
    await flush();
    expect(places).toEqual({ a1: [1], a2: [2, 3, 2], a3: [3, 4, 3], b: [2, 1] });
  });

  it("with a reserve, keeps the last free item for an owner who holds none", async () => {
    const pool = new SequencePool(["x", "y", "z"], { reserve: true });
    const flood = [1, 2, 3, 4].map(() => track(pool.acquire({ owner: "flood" })));
    await flush();
    // The flooder gets two of three; its others wait though one item is free.
    expect(flood.map((request) => request.settled)).toEqual([true, true, false, false]);
    expect(pool.waiting).toBe(2);
    const quiet = track(pool.acquire({ owner: "quiet" }));
    await flush();
    expect(quiet.value).toBe("z");

    // An item back is kept as the spare: the flooder holds one, the quiet person one.
    pool.release(flood[0]?.value as string);
    await flush();
    expect(flood[2]?.settled).toBe(false);
    // With the spare free, the next item back goes to the line.
    pool.release("z");
    await flush();
    expect(flood[2]?.value).toBe("z");
    expect(flood[3]?.settled).toBe(false);
    const again = track(pool.acquire({ owner: "quiet" }));
    await flush();
    expect(again.value).toBe("x");
  });

  it("with a reserve, an owner alone may still take the one item of a pool of one", async () => {
    const pool = new SequencePool(["only"], { reserve: true });
    expect(await pool.acquire({ owner: "a" })).toBe("only");
  });

  it("lets a newcomer into a full line in place of the flooder's newest, refused as busy", async () => {
    const pool = new SequencePool(["only"], { maxWaiting: 3 });
    await pool.acquire({ owner: "flood" });
    const flood = [1, 2, 3].map(() => track(pool.acquire({ owner: "flood" })));
    const quiet = track(pool.acquire({ owner: "quiet" }));
    await flush();
    expect(flood[2]?.error).toSatisfy(
      (error) => LlamaCppError.isInstance(error) && error.code === "queue-full",
    );
    expect(quiet.settled).toBe(false);
    expect(pool.waiting).toBe(3);
    // Now two of the flood's wait and one of the quiet person's: a second is refused itself.
    await expect(pool.acquire({ owner: "quiet" })).rejects.toSatisfy(
      (error) => LlamaCppError.isInstance(error) && error.code === "queue-full",
    );
    pool.release("only");
    await flush();
    expect(quiet.value).toBe("only");
  });

  it("drops an aborted waiter from the turns, and forgets owners who neither hold nor wait", async () => {
    const pool = new SequencePool(["only"]);
    await pool.acquire({ owner: "someone" });
    const served: string[] = [];
    const leaving = new AbortController();
    void queue(pool, served, "a", "a1");
    const gone = pool.acquire({ owner: "b", signal: leaving.signal });
    void queue(pool, served, "c");
    expect(pool.ownersTracked).toBe(4);
    leaving.abort("gone");
    await expect(gone).rejects.toBe("gone");
    expect(pool.ownersTracked).toBe(3);
    await handOn(pool, 2);
    expect(served).toEqual(["a1", "c"]);
    pool.release("only");
    expect(pool.ownersTracked).toBe(0);
  });

  it("counts the items each owner holds (a newcomer holds its first only)", async () => {
    const pool = new SequencePool(["a", "b", "c"]);
    const first = await pool.acquire({ owner: "flood" });
    await pool.acquire({ owner: "flood" });
    await pool.acquire({ owner: "quiet" });
    expect([pool.heldBy("flood"), pool.heldBy("quiet"), pool.heldBy("nobody")]).toEqual([2, 1, 0]);
    pool.release(first);
    expect(pool.heldBy("flood")).toBe(1);
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
    expect(await pool.acquire({ ...one, score: prefixOf([1, 2, 3, 4, 5, 6, 7]) })).toBe(a);
    expect(await pool.acquire({ ...one, score: prefixOf([1, 2, 9, 9]) })).toBe(b);
    // Sharing only the header [1, 2] with the others, a new conversation gets the empty one.
    expect(await pool.acquire({ ...one, score: prefixOf([1, 2, 7]) })).toBe(empty);
  });

  it("breaks ties by least recently used, so a conversation's cache is kept longest", async () => {
    const x = fake("x", [7]);
    const y = fake("y", [8]);
    const z = fake("z", [9]);
    const pool = new SequencePool([x, y, z]);
    const unrelated = prefixOf([1, 2, 3]);
    // x, y, z all share nothing with the prompt: the first in line (x) goes.
    const first = await pool.acquire({ ...one, score: unrelated });
    expect(first).toBe(x);
    pool.release(first);
    // x was just used, so y (now least recently used) goes, then z, then x.
    expect(await pool.acquire({ ...one, score: unrelated })).toBe(y);
    expect(await pool.acquire({ ...one, score: unrelated })).toBe(z);
    expect(await pool.acquire({ ...one, score: unrelated })).toBe(x);
  });

  it("routes interleaved conversations A, B, A back to A's sequence", async () => {
    const s1 = fake("s1", []);
    const s2 = fake("s2", []);
    const pool = new SequencePool([s1, s2]);
    const promptA = [1, 10, 11];
    const promptB = [1, 20, 21];
    const forA = await pool.acquire({ ...one, score: prefixOf(promptA) });
    forA.contextTokens = [...promptA, 12];
    pool.release(forA);
    const forB = await pool.acquire({ ...one, score: prefixOf(promptB) });
    // B shares only a header with A: it takes the other (least recently used) sequence.
    expect(forB).not.toBe(forA);
    forB.contextTokens = [...promptB, 22];
    pool.release(forB);
    expect(await pool.acquire({ ...one, score: prefixOf([...promptA, 12, 13]) })).toBe(forA);
  });

  it("gives a released sequence to the owner's first waiter whatever its prefix", async () => {
    const only = fake("only", [1, 2, 3]);
    const pool = new SequencePool([only]);
    const held = await pool.acquire(one);
    const order: string[] = [];
    const first = pool.acquire({ ...one, score: prefixOf([9]) }).then(() => order.push("first"));
    const second = pool
      .acquire({ ...one, score: prefixOf([1, 2, 3]) })
      .then(() => order.push("second"));
    pool.release(held);
    await first;
    pool.release(only);
    await second;
    expect(order).toEqual(["first", "second"]);
  });

  it("keeps prefix reuse within an owner when items are free", async () => {
    const mine = fake("mine", [1, 2, 3]);
    const other = fake("other", []);
    const pool = new SequencePool([other, mine]);
    expect(await pool.acquire({ owner: "a", score: prefixOf([1, 2, 3, 4]) })).toBe(mine);
  });
});
