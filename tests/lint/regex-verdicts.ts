import { type ChildProcessByStdio, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

/** A regular expression literal of the app's source and where it is. */
export interface RegexToCheck {
  /** `path:line`, named in every verdict that is not a pass. */
  where: string;
  source: string;
  flags: string;
}

const CHILD = new URL("./recheck-child.mjs", import.meta.url).pathname;

/** recheck-child.mjs while it runs: requests go to its stdin, verdicts come as lines. */
interface Running {
  process: ChildProcessByStdio<Writable, Readable, null>;
  lines: AsyncIterator<string>;
}

/**
 * recheck's verdicts, each under a wall-clock watchdog. recheck runs with its own time limits off
 * (a verdict must not depend on the machine's load), so an expression it cannot decide would run
 * forever and hang the suite: here the checks run in a child process (recheck-child.mjs, which
 * starts recheck's native agent), one after another, and one that takes longer than `limitMs` gets
 * the child killed with its agent and the verdict "undecided", which is a failure naming the
 * expression. The next check starts a new child.
 */
export class RegexVerdicts {
  private child?: Running;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly limitMs: number) {}

  /** The verdict for one expression: "safe", "constant" or "linear" pass; anything else fails. */
  verdict(regex: RegexToCheck): Promise<string> {
    const next = this.queue.then(() => this.check(regex));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the child, if one is running. */
  close(): void {
    if (!this.child) return;
    killGroup(this.child.process);
    this.child = undefined;
  }

  private async check({ source, flags }: RegexToCheck): Promise<string> {
    const child = this.started();
    child.process.stdin.write(`${JSON.stringify({ source, flags })}\n`);
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<"undecided">((resolve) => {
      timer = setTimeout(() => resolve("undecided"), this.limitMs);
    });
    const answer = await Promise.race([child.lines.next(), watchdog]).finally(() =>
      clearTimeout(timer),
    );
    if (answer === "undecided") {
      this.close();
      return `undecided: recheck gave no verdict within ${this.limitMs / 1000} s`;
    }
    if (answer.done) {
      this.close();
      return `error: recheck's process ended (exit code ${child.process.exitCode})`;
    }
    return (JSON.parse(answer.value) as { verdict: string }).verdict;
  }

  private started(): Running {
    if (this.child) return this.child;
    // Its own process group: killing the group ends recheck's native agent too.
    const process = spawn(globalThis.process.execPath, [CHILD], {
      detached: true,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: process.stdout })[Symbol.asyncIterator]();
    const running = { process, lines };
    this.child = running;
    return running;
  }
}

function killGroup(child: Running["process"]) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // The group has already ended.
  }
}
