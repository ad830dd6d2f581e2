import { createHash } from "node:crypto";
import { type ChatStore, ChatStoreError, type StoredFileInfo } from "@/lib/store";
import { detectFileKind } from "./detect-file-kind";
import type { FileLimits } from "./file-limits";
import type { FileRefusal } from "./file-refusal";
import { type FileWorkerOptions, readInWorker } from "./read-in-worker";

export interface UploadOptions {
  limits: FileLimits;
  worker?: FileWorkerOptions;
}

export type UploadOutcome =
  | { ok: true; file: StoredFileInfo; text: string | null }
  | { ok: false; refusal: FileRefusal | { reason: "conversation-not-found" } };

/**
 * One uploaded file for an owner's conversation: its type found from its bytes, its text read in
 * a worker (read-in-worker.ts), and the file stored with it, not yet part of any message (the
 * turn that sends it names it). A conversation the page named but has not stored yet is created,
 * as its first message would create it. Refused with a reason, storing nothing: a file too large
 * or of a type we do not read, one that would take its owner past their bytes, or one the reader
 * refuses (a bomb, too many pages, a line too long, too slow, too big in memory).
 */
export async function takeUpload(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
  upload: { name: string; bytes: Uint8Array },
  { limits, worker }: UploadOptions,
): Promise<UploadOutcome> {
  const { name, bytes } = upload;
  if (bytes.byteLength > limits.maxFileBytes) {
    return { ok: false, refusal: { reason: "file-too-large", maxBytes: limits.maxFileBytes } };
  }
  const kind = detectFileKind(bytes, name);
  if (!kind) return { ok: false, refusal: { reason: "file-type-unknown", name } };
  if ((await store.fileBytesOf(ownerId)) + bytes.byteLength > limits.maxBytesPerOwner) {
    return {
      ok: false,
      refusal: { reason: "owner-files-full", maxBytes: limits.maxBytesPerOwner },
    };
  }
  const read = await readInWorker(
    bytes,
    kind,
    name,
    {
      maxPages: limits.maxPages,
      timeLimitMs: limits.readTimeLimitMs,
      memoryMb: limits.readMemoryMb,
    },
    worker,
  );
  if (!read.ok) return read;
  if (!(await conversationFor(store, ownerId, conversationId))) {
    return { ok: false, refusal: { reason: "conversation-not-found" } };
  }
  const file = await store.saveFile(ownerId, conversationId, {
    name,
    mediaType: kind.mediaType,
    size: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    pages: read.pages,
    text: read.text,
    bytes,
  });
  if (!file) return { ok: false, refusal: { reason: "conversation-not-found" } };
  return { ok: true, file, text: read.text };
}

/** The owner's conversation, created under the page's id when it has none yet. */
async function conversationFor(store: ChatStore, ownerId: string, id: string): Promise<boolean> {
  if (await store.getConversationInfo(ownerId, id)) return true;
  try {
    await store.createConversation({ ownerId, id });
    return true;
  } catch (error) {
    // Several files dropped at once on a new conversation race to create it: one does.
    if (ChatStoreError.isInstance(error) && error.code === "id-taken") {
      return (await store.getConversationInfo(ownerId, id)) !== undefined;
    }
    // Someone else's id (or no id at all) is not found, never forbidden.
    if (ChatStoreError.isInstance(error) && error.code === "invalid-id") return false;
    throw error;
  }
}
