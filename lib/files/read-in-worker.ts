import { Worker } from "node:worker_threads";
import type { FileKind } from "./file-kind";
import type { FileWorkerData, FromFileWorker } from "./file-worker-protocol";
import type { ReadOutcome } from "./read-file-text";

export interface FileReadLimits {
  maxPages: number;
  /** How long the worker may take before it is stopped. */
  timeLimitMs: number;
  /** The worker's heap. */
  memoryMb: number;
}

export interface FileWorkerOptions {
  /**
   * Node options of the worker. The built app's worker is bundled JavaScript and needs none; tests
   * run this file's TypeScript and pass a loader (`["--import", "tsx"]`).
   */
  execArgv?: string[];
}

/**
 * Reads one file in a worker thread of its own (file-worker.ts), with a heap limit and a clock:
 * a file that takes too long or needs too much memory is refused with a sentence, the worker
 * ended, and the server goes on answering all along. A worker that fails otherwise throws.
 */
export async function readInWorker(
  bytes: Uint8Array,
  kind: FileKind,
  name: string,
  limits: FileReadLimits,
  { execArgv }: FileWorkerOptions = {},
): Promise<ReadOutcome> {
  // A copy of its own, handed over rather than cloned (the caller's may share a pooled buffer).
  const copy = bytes.slice();
  // This exact form, `new Worker(new URL("./…", import.meta.url))`, is what Next.js's bundler
  // (Turbopack) recognises to build the worker's file as an entry of its own.
  const worker = new Worker(new URL("./file-worker.ts", import.meta.url), {
    workerData: {
      bytes: copy,
      kind,
      options: { name, maxPages: limits.maxPages },
    } satisfies FileWorkerData,
    transferList: [copy.buffer],
    resourceLimits: {
      maxOldGenerationSizeMb: limits.memoryMb,
      maxYoungGenerationSizeMb: Math.max(4, Math.floor(limits.memoryMb / 8)),
    },
    ...(execArgv ? { execArgv } : {}),
  });
  try {
    return await new Promise<ReadOutcome>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          resolve({
            ok: false,
            refusal: { reason: "file-read-too-long", timeLimitMs: limits.timeLimitMs },
          }),
        limits.timeLimitMs,
      );
      const settle = () => clearTimeout(timer);
      worker.once("message", (outcome: FromFileWorker) => {
        settle();
        resolve(outcome);
      });
      worker.once("error", (error) => {
        settle();
        if ((error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") {
          resolve({
            ok: false,
            refusal: { reason: "file-read-out-of-memory", memoryMb: limits.memoryMb },
          });
        } else reject(error);
      });
      worker.once("exit", (code) => {
        settle();
        reject(new Error(`The file reading worker exited (code ${code}) without an answer.`));
      });
    });
  } finally {
    await worker.terminate();
  }
}
