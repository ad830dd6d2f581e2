import { describe, expect, it } from "vitest";
import { LlamaCppError } from "./llama-cpp-error";
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
