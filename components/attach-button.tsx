"use client";

import { PaperclipIcon } from "lucide-react";
import { useRef } from "react";
import { IconButton } from "./ui/icon-button";

/** Attach: picks files from the device (several at once). */
export function AttachButton({
  onFiles,
  disabled,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <IconButton
        label="Attach files"
        className="attach-button"
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon aria-hidden />
      </IconButton>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Files to attach"
        onChange={(event) => {
          onFiles(Array.from(event.target.files ?? []));
          // The same file may be picked again after being removed.
          event.target.value = "";
        }}
      />
    </>
  );
}
