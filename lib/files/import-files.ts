import { createHash } from "node:crypto";
import type { MessagePart } from "@/lib/chat/message";
import type { ConversationImport, NewFile } from "@/lib/store";
import { newId } from "@/lib/store/new-id";
import { detectFileKind } from "./detect-file-kind";
import { readInWorker } from "./read-in-worker";
import type { UploadOptions } from "./take-upload";

export interface ReadImport {
  /** The conversation with its file parts naming the files' new ids (refused files' parts gone). */
  conversation: ConversationImport;
  /** To store once the conversation is (their ids are the ones the parts name). */
  files: (NewFile & { id: string })[];
  /** A sentence per file left out, for the import's report. */
  skipped: string[];
}

/**
 * An imported conversation's files, read again as an upload is (the type from the bytes, the
 * text by the same worker, the same limits): nothing of the export's own description is trusted.
 * A file refused is left out and said so; the parts of the messages that carried it go too.
 */
export async function readImportedFiles(
  conversation: ConversationImport,
  { limits, worker }: UploadOptions,
  ownerBytes: number,
): Promise<ReadImport> {
  const files: ReadImport["files"] = [];
  const skipped: string[] = [];
  const parts = new Map<string, Extract<MessagePart, { type: "file" }>>();
  let bytesTaken = ownerBytes;
  for (const file of conversation.files ?? []) {
    const kind = detectFileKind(file.bytes, file.name);
    const why =
      file.bytes.byteLength > limits.maxFileBytes
        ? "it is larger than a file may be"
        : !kind
          ? "it is not a kind of file this chat reads"
          : bytesTaken + file.bytes.byteLength > limits.maxBytesPerOwner
            ? "your files would take more room than you may keep"
            : undefined;
    if (why || !kind) {
      skipped.push(`The file ${file.name} was left out: ${why}.`);
      continue;
    }
    const read = await readInWorker(
      file.bytes,
      kind,
      file.name,
      {
        maxPages: limits.maxPages,
        timeLimitMs: limits.readTimeLimitMs,
        memoryMb: limits.readMemoryMb,
      },
      worker,
    );
    if (!read.ok) {
      skipped.push(
        `The file ${file.name} was left out: it could not be read (${read.refusal.reason}).`,
      );
      continue;
    }
    const id = newId();
    bytesTaken += file.bytes.byteLength;
    files.push({
      id,
      name: file.name,
      mediaType: kind.mediaType,
      size: file.bytes.byteLength,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      pages: read.pages,
      text: read.text,
      bytes: file.bytes,
    });
    parts.set(file.key, {
      type: "file",
      fileId: id,
      name: file.name,
      mediaType: kind.mediaType,
      size: file.bytes.byteLength,
      ...(read.pages === null ? {} : { pages: read.pages }),
    });
  }
  const { files: _files, ...rest } = conversation;
  return {
    conversation: {
      ...rest,
      messages: conversation.messages.map((message) => ({
        ...message,
        parts: message.parts.flatMap((part): MessagePart[] => {
          if (part.type !== "file") return [part];
          const kept = parts.get(part.fileId);
          return kept ? [kept] : [];
        }),
      })),
    },
    files,
    skipped,
  };
}
