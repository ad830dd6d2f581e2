import { waitForQuiet, withContention } from "./contention";
import { collectGarbage, gcPausesBetween, recordGcPauses } from "./gc";
import type { Contender, Sample } from "./provider-vs-raw";
import { round } from "./stats";

export type Measured = Sample & {
  /** CPUs other processes kept busy during the request (see contention.ts). */
  otherCpus: number | undefined;
  /** Garbage-collection pauses of the JS thread during the request. */
  gcMs: number;
};

export interface RoundsOptions {
  rounds: number;
  /**
   * Each round waits until other processes use at most this many CPUs, and a round during which
   * they used more is measured again...
   */
  maxOtherCpus: number;
  /** ...until this much time has gone by; after it, every round counts. */
  retryBudgetMs: number;
  log: (message: string) => void;
}

export interface RoundsResult {
  samples: Map<Contender["id"], Measured[]>;
  /** Rounds measured again because the machine was busy. */
  discarded: number;
  /** Time spent waiting for the machine to become quiet. */
  waitedMs: number;
  /** Kept rounds that were busy all the same (the retry budget ran out). */
  keptBusy: number;
}

/**
 * Interleaved rounds: every round runs each contender once, cold, in an order that changes so
 * that none always runs first or right after another (see roundOrder). A warm-up round (page cache, first binding
 * calls, JIT) comes first and is not counted. Ratios are taken within rounds, so slow phases of a
 * shared machine hit both sides; each round waits for other processes to go quiet, and one during
 * which they were busy all the same is measured again. Each request starts after a full garbage
 * collection.
 */
export async function runRounds(
  contenders: readonly Contender[],
  options: RoundsOptions,
): Promise<RoundsResult> {
  const samples = new Map<Contender["id"], Measured[]>(contenders.map((c) => [c.id, []]));
  recordGcPauses();
  const started = performance.now();
  let kept = 0;
  let discarded = 0;
  let keptBusy = 0;
  let waitedMs = 0;
  const deadline = started + options.retryBudgetMs;

  for (let attempt = 0; kept < options.rounds; attempt++) {
    const order = roundOrder(contenders, kept);
    const measured: Array<[Contender["id"], Measured]> = [];
    const waited = await waitForQuiet(options.maxOtherCpus, deadline);
    if (waited > 1500)
      options.log(`waited ${round(waited / 1000)} s for other processes to settle`);
    waitedMs += waited;
    for (const contender of order) {
      await contender.setUp();
      try {
        // Loading a model leaves garbage; collect it now rather than during the timed request.
        collectGarbage();
        const start = performance.now();
        const { result, otherCpus } = await withContention(() => contender.measure());
        const gcMs = await gcPausesBetween(start, performance.now());
        measured.push([contender.id, { ...result, otherCpus, gcMs }]);
      } finally {
        await contender.tearDown();
      }
    }

    const busiest = Math.max(0, ...measured.map(([, m]) => m.otherCpus ?? 0));
    const busy = busiest > options.maxOtherCpus;
    const outOfTime = performance.now() > deadline;
    let verdict: string;
    if (attempt === 0) {
      verdict = "warm-up, not counted";
    } else if (busy && !outOfTime) {
      discarded++;
      verdict = `machine busy (other processes used ${round(busiest, 2)} CPUs): measuring again`;
    } else {
      kept++;
      if (busy) keptBusy++;
      for (const [id, m] of measured) samples.get(id)?.push(m);
      verdict = `round ${kept}/${options.rounds}${busy ? ` kept although busy (${round(busiest, 2)} CPUs)` : ""}`;
    }
    options.log(
      `${measured
        .map(
          ([id, m]) =>
            `${id} TTFT ${Math.round(m.ttftMs)} ms ${Math.round(m.decodeTokPerS)} tok/s ` +
            `(${m.outputTokens} tok)`,
        )
        .join(" | ")} — ${verdict}`,
    );
  }
  return { samples, discarded, keptBusy, waitedMs };
}

/**
 * Rotations of the list, then rotations of the reversed list: with 3 contenders, rounds 1–6 run
 * all 6 orders. A round that is measured again keeps its order, so every order is kept equally.
 */
function roundOrder<T>(items: readonly T[], index: number): T[] {
  const n = items.length;
  const base = Math.floor(index / n) % 2 === 0 ? [...items] : [...items].reverse();
  return base.map((_, i) => base[(i + index) % n] as T);
}
