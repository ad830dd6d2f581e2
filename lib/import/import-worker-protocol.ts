import type { ImportItem } from "./read-conversations-file";

/** What the import worker (import-worker.ts) is started with. */
export interface ImportWorkerData {
  /** The uploaded file, spooled to disk (lib/http/spool-body.ts). */
  path: string;
  /** Conversations the worker may send ahead of the ones stored: how far it reads ahead. */
  window: number;
}

/** From the worker: each conversation in turn, then the end, or why the file cannot be imported. */
export type FromImportWorker =
  | { type: "item"; item: ImportItem }
  | { type: "end" }
  | { type: "file-error"; message: string };

/** To the worker: one conversation was stored, it may send one more. */
export type ToImportWorker = { type: "more" };
