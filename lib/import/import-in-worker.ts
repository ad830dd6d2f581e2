import { Worker } from "node:worker_threads";
import type { UploadOptions } from "@/lib/files";
import type { ChatStore } from "@/lib/store";
import { emptyReport, type ImportReport, storeConversations } from "./import-conversations";
import { ImportFileError } from "./import-file-error";
import { ImportStoppedError } from "./import-stopped-error";
import type { FromImportWorker, ImportWorkerData, ToImportWorker } from "./import-worker-protocol";
import type { ImportItem } from "./read-conversations-file";

/**
 * What one import may use (lib/env.ts: CHAT_IMPORT_TIME_LIMIT_MS, CHAT_IMPORT_MEMORY_MB,
 * CHAT_MAX_IMPORT_MESSAGE_CHARS).
 */
export interface ImportLimits {
  /** From the file's arrival to its last conversation stored. */
  timeLimitMs: number;
  /** The reading worker's heap. */
  memoryMb: number;
  /** Longest message kept whole; a longer one is cut there (long-messages.ts). */
  maxMessageChars: number;
}

export interface ImportWorkerOptions {
  /**
   * Node options of the worker. The built app's worker is bundled JavaScript and needs none; tests
   * run this file's TypeScript and pass a loader (`["--import", "tsx"]`).
   */
  execArgv?: string[];
  /** Pieces of conversations the worker may send ahead of those taken (import-worker-protocol.ts). */
  window?: number;
  /** How the files our exports carry are read again (as uploads); without, they are left out. */
  files?: UploadOptions;
}

/**
 * Imports the export file at `path` for `ownerId`: a worker thread reads, checks and converts it
 * (import-worker.ts) under a heap limit, and this thread stores each conversation it sends, whole
 * or not at all, so the thread that answers requests only ever stores. A worker that runs out of
 * memory, or an import that outlasts its time, is stopped: what was stored stays, and the
 * `ImportStoppedError` says how much. A file that is not an export throws `ImportFileError`
 * before anything is stored.
 */
export async function importInWorker(
  store: ChatStore,
  ownerId: string,
  path: string,
  limits: ImportLimits,
  { execArgv, window = 4, files }: ImportWorkerOptions = {},
): Promise<ImportReport> {
  // This exact form, `new Worker(new URL("./…", import.meta.url))`, is what Next.js's bundler
  // (Turbopack) recognises to build the worker's file as an entry of its own.
  const worker = new Worker(new URL("./import-worker.ts", import.meta.url), {
    workerData: {
      path,
      window,
      maxMessageChars: limits.maxMessageChars,
    } satisfies ImportWorkerData,
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    ...(execArgv ? { execArgv } : {}),
  });
  const from = new WorkerItems(worker);
  const timer = setTimeout(() => from.stop("time"), limits.timeLimitMs);
  const report = emptyReport();
  try {
    return await storeConversations(store, ownerId, from.items(), report, files);
  } catch (error) {
    if (!(error instanceof WorkerStopped)) throw error;
    throw new ImportStoppedError(
      error.reason,
      report.imported,
      stoppedSentence(error.reason, limits, report.imported, error.cause),
      { cause: error.cause },
    );
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

type StopReason = ImportStoppedError["reason"];

class WorkerStopped extends Error {
  constructor(
    readonly reason: StopReason,
    options?: ErrorOptions,
  ) {
    super(`The import worker stopped (${reason}).`, options);
  }
}

type WorkerEvent =
  | { kind: "message"; message: FromImportWorker }
  | { kind: "error"; error: Error }
  | { kind: "exit"; code: number };

/** A worker's messages as the conversations they carry, one at a time, asking for each next. */
class WorkerItems {
  readonly #queue: WorkerEvent[] = [];
  #wake: (() => void) | undefined;
  #stopped: { reason: StopReason; cause?: unknown } | undefined;

  constructor(private readonly worker: Worker) {
    worker.on("message", (message: FromImportWorker) => this.#push({ kind: "message", message }));
    worker.on("error", (error) => this.#push({ kind: "error", error }));
    worker.on("exit", (code) => this.#push({ kind: "exit", code }));
  }

  /** Ends the worker; the conversation being stored is finished, the next read throws. */
  stop(reason: StopReason, cause?: unknown): void {
    this.#stopped ??= { reason, cause };
    void this.worker.terminate();
    this.#wake?.();
  }

  async *items(): AsyncGenerator<ImportItem> {
    // The conversation whose pieces are coming, and how many are still to come.
    let pending: { item: Extract<ImportItem, { ok: true }>; pieces: number } | undefined;
    for (;;) {
      if (this.#stopped) {
        throw new WorkerStopped(this.#stopped.reason, { cause: this.#stopped.cause });
      }
      const event = this.#queue.shift();
      if (!event) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      if (event.kind === "error") {
        const outOfMemory = (event.error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
        this.stop(outOfMemory ? "memory" : "failed", event.error);
        continue;
      }
      if (event.kind === "exit") {
        this.stop("failed", new Error(`The import worker exited (code ${event.code}).`));
        continue;
      }
      const message = event.message;
      let whole: ImportItem | undefined;
      if (message.type === "item") {
        if (message.item.ok && message.pieces > 0) {
          pending = { item: message.item, pieces: message.pieces };
        } else {
          whole = message.item;
        }
      } else if (message.type === "messages" && pending) {
        pending.item.conversation.messages.push(...message.messages);
        if (--pending.pieces === 0) whole = pending.item;
      } else if (message.type === "item-failed" && pending) {
        const title = pending.item.conversation.title;
        whole = { ok: false, title, reason: message.reason };
      } else if (message.type === "file-error") {
        throw new ImportFileError(message.message);
      } else if (message.type === "end") {
        return;
      } else {
        throw new Error(`The import worker sent ${message.type} out of turn.`);
      }
      // The worker may send one more for each one taken; the last piece of a conversation is
      // taken once it is stored, so that it reads only a few conversations ahead.
      if (whole) {
        pending = undefined;
        yield whole;
      }
      this.worker.postMessage({ type: "more" } satisfies ToImportWorker);
    }
  }

  #push(event: WorkerEvent): void {
    this.#queue.push(event);
    this.#wake?.();
    this.#wake = undefined;
  }
}

function stoppedSentence(
  reason: StopReason,
  limits: ImportLimits,
  imported: number,
  cause: unknown,
): string {
  const kept =
    imported === 0
      ? "nothing was imported"
      : `the first ${imported} ${imported === 1 ? "conversation was" : "conversations were"} imported, the rest were not`;
  switch (reason) {
    case "time":
      return `This import took longer than ${duration(limits.timeLimitMs)} (CHAT_IMPORT_TIME_LIMIT_MS) and was stopped: ${kept}.`;
    case "memory":
      return `This file needs more memory to read than an import may use (${limits.memoryMb} MB, CHAT_IMPORT_MEMORY_MB) and its import was stopped: ${kept}.`;
    case "failed": {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return `The import stopped on an unexpected error (${detail}): ${kept}.`;
    }
  }
}

/** `300000` → `5 minutes`, `1500` → `1.5 s`. */
function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const minutes = ms / 60_000;
    return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
  }
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
