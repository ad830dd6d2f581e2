import { LlamaCppError } from "../llama-cpp-error";

/**
 * Hands out a fixed set of items (context sequences) one request at a time. A request may say
 * which free item suits it best (`score`, e.g. how much of its prompt an item already holds); ties
 * go to the least recently used item, so a conversation's cache survives as long as possible.
 * When none is free, requests wait first come first served, and a waiter whose signal aborts
 * leaves the queue, so a cancelled request never holds a slot. The queue is bounded: past
 * `maxWaiting`, a request is refused at once (`queue-full`) rather than left to pile up. A waiter
 * hears its place in the queue (1 = next) when it joins and each time it moves up.
 */
export class SequencePool<T> {
  /** Least recently used first. */
  private readonly free: T[];
  private readonly waiters: Array<{
    resolve: (item: T) => void;
    reject: (reason: unknown) => void;
    onPlace?: (place: number) => void;
  }> = [];

  private readonly maxWaiting: number;

  constructor(items: readonly T[], { maxWaiting = Number.POSITIVE_INFINITY } = {}) {
    if (items.length === 0) throw new Error("SequencePool needs at least one item");
    this.free = [...items];
    this.maxWaiting = maxWaiting;
  }

  /** Requests waiting for a free item. */
  get waiting(): number {
    return this.waiters.length;
  }

  acquire(
    signal?: AbortSignal,
    score?: (item: T) => number,
    onPlace?: (place: number) => void,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.free.length > 0) {
      const index = score ? bestIndex(this.free, score) : 0;
      return Promise.resolve(this.free.splice(index, 1)[0] as T);
    }
    if (this.waiters.length >= this.maxWaiting) {
      return Promise.reject(
        new LlamaCppError({
          code: "queue-full",
          message: `The local model is busy: ${this.waiters.length} requests are already waiting. Try again shortly.`,
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        resolve: (value: T) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(value);
        },
        reject,
        onPlace,
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
        this.announcePlaces(index);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      onPlace?.(this.waiters.length);
    });
  }

  release(item: T): void {
    const next = this.waiters.shift();
    if (next) {
      next.resolve(item);
      this.announcePlaces(0);
    } else this.free.push(item);
  }

  /** Tells the waiters from `from` on their new places. */
  private announcePlaces(from: number): void {
    if (from < 0) return;
    for (let index = from; index < this.waiters.length; index++) {
      this.waiters[index]?.onPlace?.(index + 1);
    }
  }
}

/** The first (least recently used) of the highest-scoring items. */
function bestIndex<T>(items: readonly T[], score: (item: T) => number): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  items.forEach((item, index) => {
    const value = score(item);
    if (value > bestScore) {
      best = index;
      bestScore = value;
    }
  });
  return best;
}
