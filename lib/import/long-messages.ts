import type { MessagePart } from "@/lib/chat/message";
import type { ConversationImport, ImportedMessage } from "@/lib/store/conversation-import";

/**
 * CHAT_MAX_IMPORT_MESSAGE_CHARS's default: far above any model's context (a million tokens is
 * about four million characters of English, but no chat app exports a message of half that), and
 * low enough that one message's row is written in a fraction of a second (docs/benchmarks.md).
 */
export const defaultMaxImportMessageChars = 2_000_000;

/**
 * How many characters a message part holds: its text, a tool call's input and output as JSON
 * and its error, a file's name (the part only names a file the store keeps apart), or a reply's
 * sources as JSON. What the store writes, and what the main thread copies from the import
 * worker, grows with it.
 */
export function partChars(part: MessagePart): number {
  switch (part.type) {
    case "text":
    case "reasoning":
      return part.text.length;
    case "tool":
      return jsonChars(part.input) + jsonChars(part.output) + (part.errorText?.length ?? 0);
    case "file":
      return part.name.length;
    case "sources":
      return jsonChars(part.sources);
    case "unseen-files":
      return jsonChars(part.names);
  }
}

export function messageChars(message: ImportedMessage): number {
  let chars = 0;
  for (const part of message.parts) chars += partChars(part);
  return chars;
}

/**
 * `conversation` with every message of more than `maxChars` characters (`partChars`) cut there:
 * its parts are kept in order up to the bound, the text or thinking that crosses it is cut (a tool
 * call or file that crosses it is left out whole), the parts after it are left out, and a text part at
 * the end says how many characters were left out, so that what was cut shows where it was cut.
 * `cut` counts the messages cut, for the import's report (SkippedNotes.messageEnd).
 *
 * An exported message that long is a pasted book or a runaway generation, not a conversation:
 * bounding it bounds what one row of the store holds, and the time the thread that answers
 * requests spends writing it (a 40 MB message stalled the server for 1.6 s).
 */
export function cutLongMessages(
  conversation: ConversationImport,
  maxChars: number,
): { conversation: ConversationImport; cut: number } {
  let cut = 0;
  const messages = conversation.messages.map((message) => {
    const parts = cutParts(message.parts, maxChars);
    if (!parts) return message;
    cut++;
    return { ...message, parts };
  });
  return cut === 0 ? { conversation, cut } : { conversation: { ...conversation, messages }, cut };
}

/** The parts cut at `maxChars` with the marker after them, or undefined when they fit. */
function cutParts(parts: readonly MessagePart[], maxChars: number): MessagePart[] | undefined {
  let left = maxChars;
  let leftOut = 0;
  const kept: MessagePart[] = [];
  for (const part of parts) {
    const chars = partChars(part);
    if (leftOut === 0 && chars <= left) {
      kept.push(part);
      left -= chars;
    } else if (leftOut === 0 && (part.type === "text" || part.type === "reasoning")) {
      const text = cutText(part.text, left);
      if (text !== "") kept.push({ ...part, text });
      leftOut += chars - text.length;
    } else {
      leftOut += chars;
    }
  }
  if (leftOut === 0) return undefined;
  kept.push({ type: "text", text: cutMarker(leftOut) });
  return kept;
}

/** The first `length` UTF-16 units of `text`, one less rather than half a surrogate pair. */
function cutText(text: string, length: number): string {
  const end = isHighSurrogate(text.charCodeAt(length - 1)) ? length - 1 : length;
  return text.slice(0, Math.max(0, end));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** What a cut message ends with, in its own text: where it was cut, and how much went. */
export function cutMarker(leftOut: number): string {
  return `\n\n[Cut on import: ${leftOut.toLocaleString("en-US")} more characters of this message were left out.]`;
}

/**
 * A JSON value's length as JSON. A value too deeply nested to write counts as nothing here: the
 * worker cannot send it either, and the conversation fails with that reason
 * (import-worker.ts).
 */
function jsonChars(value: unknown): number {
  if (value === undefined) return 0;
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0;
  }
}
