import type { StoredFile, StoredFileInfo } from "./stored-file";

/** A row as either database returns it (bytes as a Buffer: libSQL's and postgres.js's mapping). */
interface FileRow extends StoredFileInfo {
  text: string | null;
  bytes: Uint8Array;
}

export function toStoredFile(row: FileRow): StoredFile {
  return { ...toFileInfo(row), text: row.text, bytes: new Uint8Array(row.bytes) };
}

export function toFileInfo(row: StoredFileInfo): StoredFileInfo {
  return {
    id: row.id,
    ownerId: row.ownerId,
    conversationId: row.conversationId,
    name: row.name,
    mediaType: row.mediaType,
    size: row.size,
    sha256: row.sha256,
    pages: row.pages,
    createdAt: row.createdAt,
  };
}
