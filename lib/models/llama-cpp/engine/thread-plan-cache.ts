import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import type { ThreadPlan } from "./thread-plan";

/**
 * Thread plans measured at load, kept per model file and machine. A plan measured while the
 * machine was busy with something else would serve every later request badly, so a plan is
 * measured once on a quiet machine and reused across restarts; it is measured again only when
 * asked, when the model file or the machine changed, or when it is clearly off (a quick check at
 * load decodes at under half the recorded speed while the machine is quiet).
 */
export interface CachedThreadPlan {
  plan: ThreadPlan;
  /** Single-token decoding speed with the plan, when it was measured (tokens/s). */
  decodeTokensPerSecond: number;
  tokensPerSecond: Record<number, Record<number, number>>;
  measuredAt: string;
  /** The 1-minute load average per core then. */
  loadPerCore: number;
}

type CacheFile = Record<string, CachedThreadPlan>;

/** Where plans are kept and when to measure again (LLAMA_THREAD_PLAN_FILE, LLAMA_THREAD_PLAN). */
export interface ThreadPlanKeeping {
  /** Unset: measured at every load, kept nowhere. */
  file?: string;
  /** Measure now even if a plan is kept. */
  remeasure?: boolean;
  /** A plan measured above this 1-minute load per core is not kept. Default 0.75. */
  busyLoadPerCore?: number;
}

/** The model file (path, size, modification time) and the machine (CPU model and count). */
export async function threadPlanKey(modelPath: string): Promise<string> {
  const file = await stat(modelPath);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${resolve(modelPath)}|${file.size}|${Math.round(file.mtimeMs)}|${cpu}|${availableParallelism()}`;
}

export async function readThreadPlan(
  cacheFile: string,
  key: string,
): Promise<CachedThreadPlan | undefined> {
  try {
    return (JSON.parse(await readFile(cacheFile, "utf8")) as CacheFile)[key];
  } catch {
    return undefined;
  }
}

export async function writeThreadPlan(
  cacheFile: string,
  key: string,
  entry: CachedThreadPlan,
): Promise<void> {
  let all: CacheFile = {};
  try {
    all = JSON.parse(await readFile(cacheFile, "utf8")) as CacheFile;
  } catch {
    // a new file
  }
  all[key] = entry;
  await mkdir(dirname(cacheFile), { recursive: true });
  // Written whole, then renamed: a crash never leaves half a file.
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(all, null, 2)}\n`);
  await rename(temporary, cacheFile);
}

/** Whether the machine is busy enough that a measurement now would mislead. */
export function loadPerCore(): number {
  return (loadavg()[0] ?? 0) / availableParallelism();
}

export const BUSY_LOAD_PER_CORE = 0.75;
const QUIET_LOAD_PER_CORE = 0.5;

export type PlanDecision = { use: "cached"; why: string } | { use: "measure"; why: string };

/** What to do at load, given the cached entry and (when there is one) a quick decode check. */
export function decideThreadPlan({
  cached,
  remeasure,
  checkTokensPerSecond,
  load,
}: {
  cached: CachedThreadPlan | undefined;
  remeasure: boolean;
  checkTokensPerSecond?: number;
  load: number;
}): PlanDecision {
  if (remeasure) return { use: "measure", why: "asked to (LLAMA_THREAD_PLAN=measure)" };
  if (!cached) return { use: "measure", why: "no plan yet for this model file on this machine" };
  const off =
    checkTokensPerSecond !== undefined &&
    checkTokensPerSecond < cached.decodeTokensPerSecond / 2 &&
    load < QUIET_LOAD_PER_CORE;
  if (off) {
    return {
      use: "measure",
      why: `the plan is clearly off: ${Math.round(checkTokensPerSecond)} tokens/s now against ${cached.decodeTokensPerSecond} when measured, on a quiet machine`,
    };
  }
  return {
    use: "cached",
    why: `measured ${cached.measuredAt} (load ${cached.loadPerCore.toFixed(2)} per core then)`,
  };
}
