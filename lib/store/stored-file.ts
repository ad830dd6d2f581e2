/**
 * A file attached in a conversation, as the store keeps it: the original bytes and the readable
 * text the reader took from them (lib/files). Its owner is the conversation's.
 */
export interface StoredFileInfo {
  id: string;
  ownerId: string;
  conversationId: string;
  /** As uploaded (shown, and given to the model). */
  name: string;
  /** Detected from the bytes where possible. */
  mediaType: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** PDFs (and DOCX when known); null otherwise. */
  pages: number | null;
  createdAt: Date;
}

export interface StoredFile extends StoredFileInfo {
  /** The readable text; null for images. A PDF's pages are separated by form feeds ("\f"). */
  text: string | null;
  bytes: Uint8Array;
}

/** What the upload route hands the store: `id` and `createdAt` are the store's to pick. */
export type NewFile = Omit<StoredFile, "id" | "ownerId" | "conversationId" | "createdAt"> & {
  id?: string;
};
