import type { ChatStore } from "@/lib/store";
import { readConversationsFile } from "./read-conversations-file";

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

/**
 * Imports every conversation of an export file (lib/import/read-conversations-file.ts) for
 * `ownerId`. The file is read twice: first only to check it, so that a file that is not JSON, is
 * cut off or is not an export imports nothing (`ImportFileError`); then to import, each
 * conversation whole or not at all, one at a time, so that memory stays bounded by one
 * conversation however large the file is.
 */
export async function importConversations(
  store: ChatStore,
  ownerId: string,
  open: () => ReadableStream<Uint8Array>,
): Promise<ImportReport> {
  for await (const _item of readConversationsFile(open())) {
    // Checking only: the second pass imports.
  }
  const report: ImportReport = { imported: 0, partial: [], failed: [] };
  for await (const item of readConversationsFile(open())) {
    if (!item.ok) {
      report.failed.push({ title: item.title, reason: item.reason });
      continue;
    }
    try {
      const imported = await store.importConversation(ownerId, item.conversation);
      report.imported++;
      report.firstId ??= imported.id;
      if (item.skipped.length > 0) {
        report.partial.push({ title: imported.title, skipped: item.skipped });
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      report.failed.push({ title: item.conversation.title, reason });
    }
  }
  return report;
}
