import type { ConversationImport } from "@/lib/store/conversation-import";
import type { Conversion } from "./conversion";
import { type ExportFormat, formatOf } from "./export-formats";
import { ImportFileError } from "./import-file-error";
import { importTitle } from "./import-title";
import { jsonElements } from "./json-elements";
import { isJsonObject } from "./json-values";
import { cutLongMessages, defaultMaxImportMessageChars } from "./long-messages";
import { SkippedNotes } from "./skipped-notes";

export { ImportFileError } from "./import-file-error";

/**
 * One conversation of an imported file: converted, with what it lost on the way ("2 images"), or
 * the reason it cannot be imported. A bad conversation is an item, not an error, so the others
 * still come in.
 */
export type ImportItem =
  | { ok: true; conversation: ConversationImport; skipped: string[] }
  | { ok: false; title: string; reason: string };

export interface ReadOptions {
  /** Longest message kept whole (CHAT_MAX_IMPORT_MESSAGE_CHARS): a longer one is cut there. */
  maxMessageChars: number;
}

const defaults: ReadOptions = { maxMessageChars: defaultMaxImportMessageChars };

/**
 * Reads an export file (ChatGPT's, Claude's or Open WebUI's `conversations.json`, or ours) as a
 * stream and yields its conversations one at a time, each read from the stream only when asked
 * for: a file of thousands of conversations is never in memory whole. The file's format is told
 * from its first conversation; every other one must be of that format. A message longer than
 * `maxMessageChars` is cut (long-messages.ts), and its conversation's `skipped` says so.
 *
 * Throws `ImportFileError` (one sentence) for a file that is not JSON, is cut off, or is not a
 * conversation export. Items already yielded before a cut-off stay valid conversations; whether to
 * keep them is the caller's choice.
 */
export async function* readConversationsFile(
  input: ReadableStream<Uint8Array>,
  options: ReadOptions = defaults,
): AsyncGenerator<ImportItem> {
  let format: ExportFormat | undefined;
  let position = 0;
  for await (const element of jsonElements(input)) {
    position++;
    if (element.kind === "document" && !isJsonObject(element.value)) throw notAnExport();
    format ??= formatOf(element.value);
    if (!format) throw notAnExport();
    yield itemOf(format, element.value, position, options);
  }
}

/**
 * Every conversation of a file read twice: first only to check it, so that a file that is not
 * JSON, is cut off or is not an export yields nothing (`ImportFileError` before the first item);
 * then to yield them one at a time, so that memory stays bounded by one conversation however
 * large the file is.
 */
export async function* readCheckedConversations(
  open: () => ReadableStream<Uint8Array>,
  options: ReadOptions = defaults,
): AsyncGenerator<ImportItem> {
  for await (const _item of readConversationsFile(open(), options)) {
    // Checking only: the second pass yields.
  }
  yield* readConversationsFile(open(), options);
}

function itemOf(
  format: ExportFormat,
  value: unknown,
  position: number,
  { maxMessageChars }: ReadOptions,
): ImportItem {
  let converted: Conversion;
  try {
    converted = format.convert(value);
  } catch (error) {
    // A converter bug must not end the import of every conversation after this one.
    const detail = error instanceof Error ? error.message : String(error);
    converted = { ok: false, reason: `It could not be read (${detail}).` };
  }
  if (!converted.ok)
    return { ok: false, title: titleOf(value, position), reason: converted.reason };
  const { conversation, cut } = cutLongMessages(converted.conversation, maxMessageChars);
  if (cut === 0) return converted;
  const notes = new SkippedNotes();
  for (let n = 0; n < cut; n++) notes.messageEnd(maxMessageChars);
  return { ok: true, conversation, skipped: [...converted.skipped, ...notes.list()] };
}

/** The title a conversation that failed goes by: its own if it has one, else its place in the file. */
function titleOf(value: unknown, position: number): string {
  const chat = isJsonObject(value) ? value.chat : undefined;
  const candidates = isJsonObject(value)
    ? [value.title, value.name, isJsonObject(chat) ? chat.title : undefined]
    : [];
  const own = candidates.find(
    (title): title is string => typeof title === "string" && title.trim() !== "",
  );
  return own === undefined ? `Conversation ${position}` : importTitle(own);
}

function notAnExport(): ImportFileError {
  return new ImportFileError(
    "This is not a conversation export: expected ChatGPT's, Claude's or Open WebUI's conversations, or ours.",
  );
}
