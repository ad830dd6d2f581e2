import { readFileSync } from "node:fs";

/** Linux reports /proc/stat in clock ticks of 1/100 s on every common architecture. */
const MS_PER_TICK = 10;

/** Busy CPU time of the whole machine so far, or undefined where there is no /proc/stat. */
function machineBusyMs(): number | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
    // cpu user nice system idle iowait irq softirq steal ...; steal is time the hypervisor gave away
    const [user, nice, system, , , irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>(
      (a, b) => a + (b ?? 0),
      0,
    );
    return busy * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/**
 * How many CPUs other processes kept busy while `run` ran: the machine's busy time minus this
 * process's own, over the wall time. 0 on a quiet machine; about 1 when a build runs beside us.
 */
export async function withContention<T>(
  run: () => Promise<T>,
): Promise<{ result: T; otherCpus: number | undefined }> {
  const busyBefore = machineBusyMs();
  const ownBefore = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const wallMs = performance.now() - start;
  const own = process.cpuUsage(ownBefore);
  const busyAfter = machineBusyMs();
  if (busyBefore === undefined || busyAfter === undefined) return { result, otherCpus: undefined };
  const otherMs = busyAfter - busyBefore - (own.user + own.system) / 1000;
  return { result, otherCpus: Math.max(0, otherMs / wallMs) };
}

/**
 * Waits until other processes use at most `maxOtherCpus` CPUs over half a second, or until
 * `deadline` (a performance.now() time). Returns how long it waited.
 */
export async function waitForQuiet(maxOtherCpus: number, deadline: number): Promise<number> {
  const start = performance.now();
  const idle = () => new Promise<void>((resolve) => setTimeout(resolve, 500));
  while (performance.now() < deadline) {
    const { otherCpus } = await withContention(idle);
    if (otherCpus === undefined || otherCpus <= maxOtherCpus) break;
  }
  return performance.now() - start;
}
