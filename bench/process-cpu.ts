import { existsSync, readdirSync, readFileSync } from "node:fs";

/**
 * CPU time used so far by processes and all their threads, in milliseconds, from Linux's
 * per-thread `/proc/<pid>/task/<tid>/schedstat` (nanoseconds on the CPU). Unlike wall time it
 * hardly moves when other processes compete for the cores, so it is the steadier figure on a
 * shared machine. Undefined where there is no /proc.
 */
export function cpuMs(pids: readonly number[]): number | undefined {
  if (!existsSync("/proc/self/task")) return undefined;
  let ns = 0;
  for (const pid of pids) {
    for (const tid of listOrNone(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended meanwhile; its time is lost, as a process's is once it exits.
      }
    }
  }
  return ns / 1e6;
}

function listOrNone(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

/** A process and every process below it (e.g. a server that forks workers). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}
