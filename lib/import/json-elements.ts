import { JSONParser } from "@streamparser/json";
import { ImportFileError } from "./import-file-error";

/**
 * A file's top-level JSON value, read as a stream. An array (every app's export of many
 * conversations) comes one element at a time, each parsed only when the reader asks for it, so a
 * 50 MB export of thousands of conversations never sits in memory whole: at most one chunk of the
 * stream and the elements it completed. Any other value (a single exported conversation) comes
 * whole, as `document`.
 */
export type JsonElement =
  | { kind: "element"; value: unknown }
  | { kind: "document"; value: unknown };

const whitespace = new Set([0x20, 0x0a, 0x0d, 0x09]);
const byteOrderMark = [0xef, 0xbb, 0xbf];

export async function* jsonElements(
  input: ReadableStream<Uint8Array>,
): AsyncGenerator<JsonElement> {
  const reader = input.getReader();
  const ready: JsonElement[] = [];
  let parser: JSONParser | undefined;
  /** Chunks read before the first value's first byte, which says how to parse the file. */
  const waiting: Uint8Array[] = [];
  let bytesBeforeValue = 0;
  let lastTokenOffset = 0;
  let finished = false;

  const start = (array: boolean): JSONParser => {
    const created = new JSONParser({
      paths: array ? ["$.*"] : ["$"],
      // Drops each array element once it is handed out; without it the parser would keep every
      // conversation of the file in the array it is building.
      keepStack: false,
      // Long strings (Open WebUI keeps images as data URLs) are gathered in a byte buffer rather
      // than by concatenation, which can take many times their size in memory.
      stringBufferSize: 64 * 1024,
    });
    created.onToken = ({ offset }) => {
      lastTokenOffset = offset;
    };
    created.onValue = ({ value }) => {
      ready.push(array ? { kind: "element", value } : { kind: "document", value });
    };
    return created;
  };

  /** Set when the JSON goes wrong; thrown once the elements before that point are handed out. */
  let failure: ImportFileError | undefined;
  const write = (current: JSONParser, chunk: Uint8Array): void => {
    if (failure) return;
    try {
      current.write(chunk);
    } catch (error) {
      failure = notJson(error, lastTokenOffset);
    }
  };

  try {
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      if (parser) {
        write(parser, chunk);
      } else {
        waiting.push(chunk);
        const first = firstValueByte(chunk, bytesBeforeValue);
        if (first === undefined) {
          bytesBeforeValue += chunk.length;
          continue;
        }
        parser = start(first === 0x5b /* [ */);
        for (const held of waiting.splice(0)) write(parser, held);
      }
      // Hand out what this chunk completed before reading more: the reader sets the pace.
      while (ready.length > 0) yield ready.shift() as JsonElement;
      if (failure) throw failure;
    }
    if (!parser) throw new ImportFileError("This file is empty.");
    if (!parser.isEnded) {
      try {
        parser.end();
      } catch {
        throw new ImportFileError(
          "This file ends in the middle of its JSON: it may have been cut off while it was copied or downloaded.",
        );
      }
    }
    while (ready.length > 0) yield ready.shift() as JsonElement;
    finished = true;
  } finally {
    // The reader stopped early (an error, or the caller broke off): let the source close its file.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * The first byte of the JSON value in a chunk, skipping whitespace and a UTF-8 byte order mark at
 * the very start of the file; `undefined` if the chunk has none.
 */
function firstValueByte(chunk: Uint8Array, fileOffset: number): number | undefined {
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i] as number;
    const offset = fileOffset + i;
    if (offset < byteOrderMark.length && byte === byteOrderMark[offset]) continue;
    if (!whitespace.has(byte)) return byte;
  }
  return undefined;
}

/** The parser's error as one sentence, with the byte where the JSON went wrong. */
function notJson(error: unknown, lastTokenOffset: number): ImportFileError {
  const message = error instanceof Error ? error.message : String(error);
  // The tokenizer names the character and its absolute byte offset; the token parser (a valid
  // token in the wrong place, such as a missing comma) names neither, but its token is the last.
  const position = /absolute position "(\d+)"/.exec(message)?.[1];
  const byte = position === undefined ? lastTokenOffset : Number(position);
  if (/in state ENDED/.test(message)) {
    return new ImportFileError(
      `This file is not JSON: it goes on after its JSON value ends (at byte ${byte}).`,
    );
  }
  const character = /^Unexpected "(.)"/su.exec(message)?.[1];
  const what =
    character === undefined
      ? "unexpected token"
      : `unexpected character ${JSON.stringify(character)}`;
  return new ImportFileError(`This file is not JSON (${what} at byte ${byte}).`);
}
