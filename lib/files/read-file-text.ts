import type { FileKind } from "./file-kind";
import { READ_BOUNDS } from "./file-limits";
import type { FileRefusal } from "./file-refusal";
import { checkZipSizes } from "./zip-sizes";

/** What reading a file gave: its readable text (PDF pages separated by "\f") and page count. */
export type ReadOutcome =
  | { ok: true; text: string | null; pages: number | null }
  | { ok: false; refusal: FileRefusal };

export interface ReadOptions {
  name: string;
  maxPages: number;
}

/**
 * A file's readable text. Runs in the reading worker (file-worker.ts), never on the thread that
 * answers requests: nothing here runs the file's content — PDFs are read by pdf.js (unpdf's
 * build, scripting off), DOCX by mammoth after its zip's sizes were checked, HTML reduced to text
 * by html-to-text. Images have no text.
 */
export async function readFileText(
  bytes: Uint8Array,
  kind: FileKind,
  options: ReadOptions,
): Promise<ReadOutcome> {
  try {
    switch (kind.kind) {
      case "image":
        return { ok: true, text: null, pages: null };
      case "text":
        return checkedText(await textOf(bytes, kind.mediaType), null);
      case "pdf":
        return await readPdf(bytes, options);
      case "docx":
        return await readDocx(bytes, options);
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, refusal: { reason: "file-unreadable", name: options.name, detail } };
  }
}

async function textOf(bytes: Uint8Array, mediaType: string): Promise<string> {
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
  if (mediaType !== "text/html") return text;
  // A line past the bound is refused (checkedText) before html-to-text spends time on it.
  if (longestLineOver(text)) return text;
  const { convert } = await import("html-to-text");
  return convert(text, {
    wordwrap: false,
    selectors: [
      { selector: "img", format: "skip" },
      { selector: "a", options: { ignoreHref: true } },
    ],
  });
}

async function readPdf(bytes: Uint8Array, { maxPages }: ReadOptions): Promise<ReadOutcome> {
  const { getDocumentProxy, extractText } = await import("unpdf");
  // The worker ends after one file, so nothing of the document needs releasing.
  const pdf = await getDocumentProxy(bytes, { stopAtErrors: false });
  // pdf.js reads the page count from the page tree without reading the pages: a PDF that claims
  // a million pages is refused before any is read.
  if (pdf.numPages > maxPages) {
    return { ok: false, refusal: { reason: "too-many-pages", pages: pdf.numPages, maxPages } };
  }
  const { text } = await extractText(pdf, { mergePages: false });
  // Form feeds separate the pages, so none may stand inside one.
  return checkedText(text.map((page) => page.replaceAll("\f", " ")).join("\f"), pdf.numPages);
}

async function readDocx(bytes: Uint8Array, options: ReadOptions): Promise<ReadOutcome> {
  const sizes = await checkZipSizes(bytes, {
    maxUnzippedBytes: READ_BOUNDS.maxUnzippedBytes,
    maxEntries: READ_BOUNDS.maxZipEntries,
  });
  if (sizes === "bomb") {
    return {
      ok: false,
      refusal: { reason: "archive-bomb", maxBytes: READ_BOUNDS.maxUnzippedBytes },
    };
  }
  if (!sizes.names.has("word/document.xml")) {
    return { ok: false, refusal: { reason: "file-type-unknown", name: options.name } };
  }
  const mammoth = await import("mammoth");
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return checkedText(value, null);
}

function checkedText(text: string, pages: number | null): ReadOutcome {
  if (longestLineOver(text)) {
    return { ok: false, refusal: { reason: "line-too-long", maxChars: READ_BOUNDS.maxLineChars } };
  }
  const kept =
    text.length > READ_BOUNDS.maxTextChars ? text.slice(0, READ_BOUNDS.maxTextChars) : text;
  return { ok: true, text: kept, pages };
}

/** Whether a line (or a page: form feeds end lines too) is longer than the bound. */
function longestLineOver(text: string): boolean {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 12) length = 0;
    else if (++length > READ_BOUNDS.maxLineChars) return true;
  }
  return false;
}
