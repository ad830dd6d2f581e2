import { LlamaContext } from "node-llama-cpp";

/**
 * What llama.cpp is given per decode, in every node-llama-cpp context of this process: the
 * sequences each native decode carries, and how many decodes run at the same time. Counted on
 * each context's native handle, whose methods are not writable on its prototype, so they are
 * shadowed on the instance the first time the context dispatches a batch. Used by the batching
 * tests and `bench/batches.ts`; `stop()` puts node-llama-cpp back. `decodes()` tells which
 * context (numbered as first seen) each decode ran in and how many tokens it carried, in the order
 * they started.
 */
export function watchDecodes() {
  const batches: number[][] = [];
  const decodes: WatchedDecode[] = [];
  let contexts = 0;
  let running = 0;
  let mostAtOnce = 0;
  const hooked = new WeakSet<object>();
  const dispatch = LlamaContext.prototype.dispatchPendingBatch;
  LlamaContext.prototype.dispatchPendingBatch = function (this: LlamaContext) {
    const native = (this as unknown as { _ctx: Record<string, (...args: unknown[]) => unknown> })
      ._ctx;
    if (!hooked.has(native)) {
      hooked.add(native);
      const context = contexts++;
      let current: number[] = [];
      let tokens = 0;
      const { addToBatch, decodeBatch } = native;
      Object.defineProperty(native, "addToBatch", {
        value(this: unknown, sequenceId: number, ...rest: unknown[]) {
          current.push(sequenceId);
          const [, batchTokens] = rest;
          tokens += (batchTokens as ArrayLike<number> | undefined)?.length ?? 0;
          return addToBatch?.call(this, sequenceId, ...rest);
        },
      });
      Object.defineProperty(native, "decodeBatch", {
        async value(this: unknown) {
          batches.push([...new Set(current)]);
          const decode: WatchedDecode = { context, tokens, ended: false };
          decodes.push(decode);
          current = [];
          tokens = 0;
          mostAtOnce = Math.max(mostAtOnce, ++running);
          try {
            return await decodeBatch?.call(this);
          } finally {
            decode.ended = true;
            running--;
          }
        },
      });
    }
    return dispatch.call(this);
  };
  return {
    /** The decodes so far (each: the sequences it carried), and forgets them. */
    take(): number[][] {
      return batches.splice(0);
    },
    mostAtOnce: () => mostAtOnce,
    /** Every decode since the watch began, in the order they started. */
    decodes: (): readonly WatchedDecode[] => decodes,
    stop() {
      LlamaContext.prototype.dispatchPendingBatch = dispatch;
    },
  };
}

export interface WatchedDecode {
  /** The context it ran in, numbered in the order the watch first saw them. */
  context: number;
  /** Tokens in the batch. */
  tokens: number;
  /** Whether it has ended (as of now). */
  ended: boolean;
}

/**
 * The share of decode steps that carry every sequence active then (a sequence is active from
 * the first decode it is in to its last).
 */
export function fullStepShare(batches: readonly number[][]): number {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  batches.forEach((batch, step) => {
    for (const sequence of batch) {
      if (!first.has(sequence)) first.set(sequence, step);
      last.set(sequence, step);
    }
  });
  const active = (step: number) =>
    [...first.keys()].filter(
      (sequence) => (first.get(sequence) ?? 0) <= step && step <= (last.get(sequence) ?? 0),
    ).length;
  const full = batches.filter((batch, step) => batch.length === active(step)).length;
  return batches.length === 0 ? 0 : full / batches.length;
}
