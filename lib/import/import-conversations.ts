import { setImmediate as nextTurn } from "node:timers/promises";
import { readImportedFiles, type UploadOptions } from "@/lib/files";
import type { ChatStore, ConversationImport } from "@/lib/store";
import {
  type ImportItem,
  type ReadOptions,
  readCheckedConversations,
} from "./read-conversations-file";

/** What an import did, for the page to say. */
export interface ImportReport {
  imported: number;
  /** The first conversation imported (the page opens it when it is the only one). */
  firstId?: string;
  /** Conversations imported without some of their content, and what was left out. */
  partial: Array<{ title: string; skipped: string[] }>;
  /** Conversations that could not be imported, and why. */
  failed: Array<{ title: string; reason: string }>;
}

export function emptyReport(): ImportReport {
  return { imported: 0, partial: [], failed: [] };
}

/**
 * Stores converted conversations for `ownerId` as they come, each whole or not at all, and counts
 * them into `report` as it goes: a caller whose items stop with an error (a limit reached) still
 * knows what was stored before.
 *
 * One conversation per turn of the event loop: the SQLite driver answers a local file without
 * ever leaving the microtask queue, and a worker's messages arrive up to a thousand in one event,
 * so without the turn an import of thousands of small conversations answered no request for
 * seconds at a time (bench/import-stall.ts).
 */
export async function storeConversations(
  store: ChatStore,
  ownerId: string,
  items: AsyncIterable<ImportItem>,
  report: ImportReport = emptyReport(),
  /** How files carried by the conversations are read (as uploads are); without, left out. */
  files?: UploadOptions,
): Promise<ImportReport> {
  for await (const item of items) {
    if (!item.ok) {
      report.failed.push({ title: item.title, reason: item.reason });
      continue;
    }
    try {
      const withFiles = await readFiles(store, ownerId, item.conversation, files);
      const imported = await store.importConversation(ownerId, withFiles.conversation);
      for (const file of withFiles.files) await store.saveFile(ownerId, imported.id, file);
      report.imported++;
      report.firstId ??= imported.id;
      const skipped = [...item.skipped, ...withFiles.skipped];
      if (skipped.length > 0) report.partial.push({ title: imported.title, skipped });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      report.failed.push({ title: item.conversation.title, reason });
    }
    await nextTurn();
  }
  return report;
}

/**
 * Imports every conversation of an export file (lib/import/read-conversations-file.ts) for
 * `ownerId`, in this thread: checked whole first (a file that is not an export imports nothing,
 * `ImportFileError`), then stored one conversation at a time. The upload route runs the reading
 * in a worker instead (import-in-worker.ts); this is for callers that own their thread (tests,
 * benchmarks).
 */
export function importConversations(
  store: ChatStore,
  ownerId: string,
  open: () => ReadableStream<Uint8Array>,
  options?: ReadOptions,
): Promise<ImportReport> {
  return storeConversations(store, ownerId, readCheckedConversations(open, options));
}

/** The conversation's files read again (lib/files/import-files.ts), or left out without options. */
async function readFiles(
  store: ChatStore,
  ownerId: string,
  conversation: ConversationImport,
  options: UploadOptions | undefined,
) {
  if (!conversation.files?.length) return { conversation, files: [], skipped: [] };
  if (!options) {
    return readImportedFiles(conversation, { limits: noFiles }, 0);
  }
  return readImportedFiles(conversation, options, await store.fileBytesOf(ownerId));
}

/** Limits that take no file: each is left out and said so. */
const noFiles = {
  maxFileBytes: 0,
  maxFilesPerMessage: 0,
  maxBytesPerOwner: 0,
  maxPages: 0,
  readTimeLimitMs: 1,
  readMemoryMb: 16,
};
