"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import type { FilePart } from "@/lib/chat/message";
import { indexingStateSchema } from "@/lib/retrieval/indexing-state";
import { noteFileIndexing } from "./use-file-indexing";

/** A file being attached to the message in the box, from the moment it is picked. */
export interface Attachment {
  /** The page's own key for it (the file's id once stored). */
  key: string;
  name: string;
  size: number;
  state: "uploading" | "reading" | "ready" | "refused";
  /** 0–1 while uploading. */
  progress: number;
  /** Once stored: what the message will carry. */
  part?: FilePart;
  /** Why it was refused, in the server's words. */
  error?: string;
}

interface UploadedFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  pages: number | null;
}

let keys = 0;

/**
 * The files attached to the message being written (in the composer): each uploaded to the
 * conversation as soon as it is picked, dropped or pasted, with its progress — sending, then
 * being read — and, once stored, the `file` part the message will carry. A refused file stays as
 * a chip saying why until it is removed; nothing typed is touched.
 */
export function useAttachments(conversationId: string, initial: readonly FilePart[] = []) {
  const [attachments, setAttachments] = useState<Attachment[]>(() => initial.map(sentAttachment));
  const requests = useRef(new Map<string, XMLHttpRequest>());

  const update = useCallback((key: string, patch: Partial<Attachment>) => {
    setAttachments((list) => list.map((a) => (a.key === key ? { ...a, ...patch } : a)));
  }, []);

  const add = useCallback(
    (files: readonly File[]) => {
      for (const file of files) {
        const key = `local-${++keys}`;
        setAttachments((list) => [
          ...list,
          { key, name: file.name, size: file.size, state: "uploading", progress: 0 },
        ]);
        const request = new XMLHttpRequest();
        requests.current.set(key, request);
        request.open(
          "POST",
          `/api/conversations/${encodeURIComponent(conversationId)}/files?name=${encodeURIComponent(file.name)}`,
        );
        request.setRequestHeader("content-type", "application/octet-stream");
        request.upload.onprogress = (event) => {
          if (event.lengthComputable) update(key, { progress: event.loaded / event.total });
        };
        // Every byte sent: the server now reads the file.
        request.upload.onload = () => update(key, { state: "reading", progress: 1 });
        request.onload = () => {
          requests.current.delete(key);
          const body = parse(request.responseText);
          if (request.status === 201 && body?.file) {
            const stored = body.file as UploadedFile;
            // A long file is being made searchable: its chip says so (use-file-indexing.ts).
            const indexing = indexingStateSchema.safeParse(body.indexing);
            if (indexing.success) noteFileIndexing(stored.id, indexing.data);
            update(key, { state: "ready", part: toPart(stored) });
          } else {
            update(key, {
              state: "refused",
              error:
                body?.error?.message ?? `The file could not be attached (HTTP ${request.status}).`,
            });
          }
        };
        request.onerror = () => {
          requests.current.delete(key);
          update(key, {
            state: "refused",
            error: "The file could not be sent: check the connection.",
          });
        };
        request.send(file);
      }
    },
    [conversationId, update],
  );

  /** Removes a chip: an upload under way is cancelled, a stored file not yet sent is deleted. */
  const remove = useCallback((key: string) => {
    requests.current.get(key)?.abort();
    requests.current.delete(key);
    setAttachments((list) => {
      const gone = list.find((a) => a.key === key);
      if (gone?.part) {
        fetch(`/api/files/${encodeURIComponent(gone.part.fileId)}`, { method: "DELETE" }).catch(
          () => {},
        );
      }
      return list.filter((a) => a.key !== key);
    });
  }, []);

  /** The message was sent: its files go with it, the box is empty again. */
  const clear = useCallback(() => setAttachments([]), []);

  /** A refused message comes back into the box with its files. */
  const restore = useCallback((parts: readonly FilePart[]) => {
    setAttachments(parts.map(sentAttachment));
  }, []);

  const parts = useMemo(
    () => attachments.flatMap((a) => (a.state === "ready" && a.part ? [a.part] : [])),
    [attachments],
  );
  const pending = attachments.some((a) => a.state === "uploading" || a.state === "reading");
  return { attachments, parts, pending, add, remove, clear, restore };
}

export type Attachments = ReturnType<typeof useAttachments>;

/** A file already stored (a message's, being edited or given back): ready as it is. */
function sentAttachment(part: FilePart): Attachment {
  return { key: part.fileId, name: part.name, size: part.size, state: "ready", progress: 1, part };
}

function toPart(file: UploadedFile): FilePart {
  return {
    type: "file",
    fileId: file.id,
    name: file.name,
    mediaType: file.mediaType,
    size: file.size,
    ...(file.pages === null ? {} : { pages: file.pages }),
  };
}

function parse(
  text: string,
):
  | { file?: UploadedFile; indexing?: unknown; error?: { code: string; message: string } }
  | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
