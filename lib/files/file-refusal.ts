/**
 * Why a file was not taken. The page API's one table (lib/page-api/refusals.ts) says each in a
 * sentence; the page shows it beside the composer, and nothing typed is lost.
 */
export type FileRefusal =
  | { reason: "file-too-large"; maxBytes: number }
  | { reason: "file-type-unknown"; name: string }
  | { reason: "too-many-pages"; pages: number; maxPages: number }
  | { reason: "line-too-long"; maxChars: number }
  | { reason: "archive-bomb"; maxBytes: number }
  | { reason: "file-unreadable"; name: string; detail: string }
  | { reason: "file-read-too-long"; timeLimitMs: number }
  | { reason: "file-read-out-of-memory"; memoryMb: number }
  | { reason: "owner-files-full"; maxBytes: number }
  | { reason: "too-many-files"; max: number }
  | { reason: "file-not-found" };

export type FileRefusalReason = FileRefusal["reason"];
