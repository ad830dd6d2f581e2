import { DOCX_MEDIA_TYPE, type FileKind, type TextMediaType } from "./file-kind";

/**
 * What a file is, from its first bytes (magic numbers) and, for text, its name: a PDF starts
 * `%PDF-`, a DOCX is a zip (`PK\x03\x04`; that it holds word/document.xml is checked when it is
 * read), images by their signatures, and text is valid UTF-8 without NUL bytes. The type the
 * browser claims is never trusted: a `.png` that is really HTML is text, and a zip named `.txt`
 * is nothing we read. Undefined: a type we do not read.
 */
export function detectFileKind(bytes: Uint8Array, name: string): FileKind | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return { kind: "pdf", mediaType: "application/pdf" };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return extensionOf(name) === "docx" ? { kind: "docx", mediaType: DOCX_MEDIA_TYPE } : undefined;
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { kind: "image", mediaType: "image/png" };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: "image", mediaType: "image/jpeg" };
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return { kind: "image", mediaType: "image/gif" };
  if (
    startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
    startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50])
  ) {
    return { kind: "image", mediaType: "image/webp" };
  }
  if (!isUtf8Text(bytes)) return undefined;
  return { kind: "text", mediaType: textTypeOf(name, bytes) };
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Valid UTF-8 (a BOM allowed) with no NUL byte: what every text format here is. */
function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const byExtension: Record<string, TextMediaType> = {
  md: "text/markdown",
  markdown: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  tab: "text/tab-separated-values",
  json: "application/json",
  html: "text/html",
  htm: "text/html",
  xhtml: "text/html",
};

/** Which text: by the name's extension, else HTML by its opening, else plain (code included). */
function textTypeOf(name: string, bytes: Uint8Array): TextMediaType {
  const known = byExtension[extensionOf(name)];
  if (known) return known;
  const opening = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  if (opening.startsWith("<!doctype html") || opening.startsWith("<html")) return "text/html";
  return "text/plain";
}
