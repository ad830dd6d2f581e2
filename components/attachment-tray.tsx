"use client";

import { useState } from "react";
import type { Attachments } from "@/hooks/use-attachments";
import type { FilePart } from "@/lib/chat/message";
import { AttachButton } from "./attach-button";
import { FileChip } from "./file-chip";
import { FilePreview } from "./file-preview";

/** The composer's files: the Attach button and a chip per file being attached. */
export function AttachmentTray({ attachments }: { attachments: Attachments }) {
  const [preview, setPreview] = useState<FilePart>();
  return (
    <div className="attachment-tray">
      <AttachButton onFiles={attachments.add} />
      {attachments.attachments.length > 0 && (
        <ul className="file-chips" aria-label="Attached files">
          {attachments.attachments.map((a) => (
            <li key={a.key}>
              <FileChip
                name={a.name}
                size={a.size}
                part={a.part}
                state={a.state}
                progress={a.progress}
                error={a.error}
                onOpen={a.part ? () => setPreview(a.part) : undefined}
                onRemove={() => attachments.remove(a.key)}
              />
            </li>
          ))}
        </ul>
      )}
      {preview && <FilePreview part={preview} onClose={() => setPreview(undefined)} />}
    </div>
  );
}
