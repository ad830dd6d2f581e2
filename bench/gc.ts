import { PerformanceObserver } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// `npm run bench` runs `tsx bench/run.ts` without --expose-gc; a new context created after
// setting the flag gets the `gc` function all the same.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * A full collection, so that the garbage of loading and disposing models (a CPU profile showed
 * ~65 ms of GC per load/dispose cycle) is never collected inside a timed request.
 */
export function collectGarbage(): void {
  gc();
}

const pauses: Array<{ start: number; duration: number }> = [];
let observer: PerformanceObserver | undefined;

/** Starts recording garbage-collection pauses of this thread. */
export function recordGcPauses(): void {
  if (observer) return;
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      pauses.push({ start: entry.startTime, duration: entry.duration });
    }
  });
  observer.observe({ entryTypes: ["gc"] });
}

/** Milliseconds of GC pauses that started between `start` and `end` (performance.now() times). */
export async function gcPausesBetween(start: number, end: number): Promise<number> {
  // Entries arrive asynchronously, a little after the pause.
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return pauses
    .filter((pause) => pause.start >= start && pause.start < end)
    .reduce((sum, pause) => sum + pause.duration, 0);
}
