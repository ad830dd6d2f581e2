import type { Env } from "@/lib/env";

/** What an attached file may be and cost (settings CHAT_FILE_*; docs/security.md). */
export interface FileLimits {
  /** Bytes of one file (CHAT_FILE_MAX_BYTES). */
  maxFileBytes: number;
  /** Files one message may carry (CHAT_FILES_PER_MESSAGE). */
  maxFilesPerMessage: number;
  /** Bytes of all an owner's files together (CHAT_FILE_BYTES_PER_OWNER). */
  maxBytesPerOwner: number;
  /** Pages of one PDF (CHAT_FILE_MAX_PAGES). */
  maxPages: number;
  /** How long reading one file may take (CHAT_FILE_READ_TIME_LIMIT_MS). */
  readTimeLimitMs: number;
  /** The reading worker's heap (CHAT_FILE_READ_MEMORY_MB). */
  readMemoryMb: number;
}

/** The reader's fixed bounds: past them a file is refused, whatever the settings. */
export const READ_BOUNDS = {
  /** Characters of one line of the text: a longer one is not a document but a payload. */
  maxLineChars: 1_000_000,
  /** Bytes a DOCX's zip says it unpacks to: more is an archive bomb. */
  maxUnzippedBytes: 100 * 1024 * 1024,
  /** Entries of a DOCX's zip. */
  maxZipEntries: 10_000,
  /** Characters of the text kept from one file. */
  maxTextChars: 20_000_000,
} as const;

export function fileLimitsFrom(settings: Env): FileLimits {
  return {
    maxFileBytes: settings.CHAT_FILE_MAX_BYTES,
    maxFilesPerMessage: settings.CHAT_FILES_PER_MESSAGE,
    maxBytesPerOwner: settings.CHAT_FILE_BYTES_PER_OWNER,
    maxPages: settings.CHAT_FILE_MAX_PAGES,
    readTimeLimitMs: settings.CHAT_FILE_READ_TIME_LIMIT_MS,
    readMemoryMb: settings.CHAT_FILE_READ_MEMORY_MB,
  };
}
