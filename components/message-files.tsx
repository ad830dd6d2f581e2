"use client";

import { useState } from "react";
import type { ChatUIMessage, FilePart } from "@/lib/chat/message";
import { FileChip } from "./file-chip";
import { FilePreview } from "./file-preview";

/** The files a sent message carries, as chips that open their preview. */
export function MessageFiles({ parts }: { parts: ChatUIMessage["parts"] }) {
  const [preview, setPreview] = useState<FilePart>();
  const files = parts.flatMap((part) => (part.type === "data-file" ? [part.data] : []));
  if (files.length === 0) return null;
  return (
    <>
      <ul className="file-chips message-files" aria-label="Files">
        {files.map((file) => (
          <li key={file.fileId}>
            <FileChip
              name={file.name}
              size={file.size}
              part={file}
              onOpen={() => setPreview(file)}
            />
          </li>
        ))}
      </ul>
      {preview && <FilePreview part={preview} onClose={() => setPreview(undefined)} />}
    </>
  );
}
