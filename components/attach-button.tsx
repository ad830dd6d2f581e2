"use client";

import { useRef } from "react";

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
      <button
        type="button"
        className="quiet attach-button"
        aria-label="Attach files"
        title="Attach files (or drop or paste them)"
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        📎
      </button>
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
