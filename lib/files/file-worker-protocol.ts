import type { FileKind } from "./file-kind";
import type { ReadOptions, ReadOutcome } from "./read-file-text";

/** What the reading worker (file-worker.ts) is started with: one file. */
export interface FileWorkerData {
  bytes: Uint8Array;
  kind: FileKind;
  options: ReadOptions;
}

/** Its one message back. */
export type FromFileWorker = ReadOutcome;
