import type { ImportedMessage } from "@/lib/store/conversation-import";
import { messageChars } from "./long-messages";
import type { ImportItem } from "./read-conversations-file";

/** What the import worker (import-worker.ts) is started with. */
export interface ImportWorkerData {
  /** The uploaded file, spooled to disk (lib/http/spool-body.ts). */
  path: string;
  /** Messages (`FromImportWorker`) the worker may send ahead of those taken: how far it reads ahead. */
  window: number;
  /** Longest message kept whole (CHAT_MAX_IMPORT_MESSAGE_CHARS). */
  maxMessageChars: number;
}

/**
 * From the worker: each conversation in turn, then the end, or why the file cannot be imported.
 * A conversation comes as an `item` holding its first messages, then `pieces` more `messages`:
 * the main thread copies each message it is posted in one go, so a conversation of hundreds of
 * megabytes, posted whole, stalled it for that long. A piece that cannot be sent (nested too
 * deep for the structured clone) fails its conversation: `item-failed`, and no more pieces of it.
 */
export type FromImportWorker =
  | { type: "item"; item: ImportItem; pieces: number }
  | { type: "messages"; messages: ImportedMessage[] }
  | { type: "item-failed"; reason: string }
  | { type: "end" }
  | { type: "file-error"; message: string };

/** To the worker: one message was taken, it may send one more. */
export type ToImportWorker = { type: "more" };

/**
 * About how many characters one posted message carries (`messageChars`, and a hundred for each
 * message's own fields): a few milliseconds to copy. A message longer than this goes alone.
 */
export const pieceChars = 1_000_000;

/** `messages` in order, in pieces of about `pieceChars` characters; at least one piece. */
export function messagePieces(messages: readonly ImportedMessage[]): ImportedMessage[][] {
  const pieces: ImportedMessage[][] = [];
  let piece: ImportedMessage[] = [];
  let chars = 0;
  for (const message of messages) {
    const size = 100 + messageChars(message);
    if (piece.length > 0 && chars + size > pieceChars) {
      pieces.push(piece);
      piece = [];
      chars = 0;
    }
    piece.push(message);
    chars += size;
  }
  pieces.push(piece);
  return pieces;
}
