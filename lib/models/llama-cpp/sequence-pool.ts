import { LlamaCppError } from "./llama-cpp-error";

/**
 * Hands out a fixed set of items (context sequences) one request at a time, first come first
 * served. A waiter whose signal aborts leaves the queue, so a cancelled request never holds a slot.
 * The queue is bounded: past `maxWaiting`, a request is refused at once (`queue-full`) rather than
 * left to pile up.
 */
export class SequencePool<T> {
  private readonly free: T[];
  private readonly waiters: Array<{
    resolve: (item: T) => void;
    reject: (reason: unknown) => void;
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

  acquire(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const item = this.free.pop();
    if (item !== undefined) return Promise.resolve(item);
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
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(item: T): void {
    const next = this.waiters.shift();
    if (next) next.resolve(item);
    else this.free.push(item);
  }
}
