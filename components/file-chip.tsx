"use client";

import "./files.css";
import type { FilePart } from "@/lib/chat/message";
import { fileSize } from "./file-size";

interface FileChipProps {
  name: string;
  size: number;
  /** Once stored: its part (type, pages, id for the thumbnail and the preview). */
  part?: FilePart;
  /** While attaching: sending (with progress), being read, or refused (with why). */
  state?: "uploading" | "reading" | "ready" | "refused";
  progress?: number;
  error?: string;
  onOpen?: () => void;
  onRemove?: () => void;
}

/** One attached file: name, size, pages, a thumbnail for an image; opens its preview. */
export function FileChip({
  name,
  size,
  part,
  state = "ready",
  progress = 0,
  error,
  onOpen,
  onRemove,
}: FileChipProps) {
  const image = part?.mediaType.startsWith("image/");
  const details = [
    fileSize(size),
    part?.pages ? `${part.pages} ${part.pages === 1 ? "page" : "pages"}` : undefined,
    state === "uploading" ? `sending ${Math.round(progress * 100)}%` : undefined,
    state === "reading" ? "reading…" : undefined,
  ].filter(Boolean);
  return (
    <span className="file-chip" data-state={state} title={name}>
      {image && part ? (
        // biome-ignore lint/performance/noImgElement: a thumbnail of the user's own upload, served by our API.
        <img className="thumbnail" src={`/api/files/${encodeURIComponent(part.fileId)}`} alt="" />
      ) : (
        <span className="file-icon" aria-hidden="true">
          {extensionOf(name)}
        </span>
      )}
      <button
        type="button"
        className="file-open"
        disabled={!onOpen || state !== "ready"}
        onClick={onOpen}
        title={state === "ready" ? `Preview ${name}` : undefined}
      >
        <span className="file-name">{name}</span>
        <span className="file-details">{details.join(" · ")}</span>
      </button>
      {state === "uploading" && (
        <progress
          className="file-progress"
          max={1}
          value={progress}
          aria-label={`Sending ${name}`}
        />
      )}
      {state === "reading" && <progress className="file-progress" aria-label={`Reading ${name}`} />}
      {error && (
        <span className="file-error" role="alert">
          {error}
        </span>
      )}
      {onRemove && (
        <button
          type="button"
          className="quiet file-remove"
          aria-label={`Remove ${name}`}
          onClick={onRemove}
        >
          ×
        </button>
      )}
    </span>
  );
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "file" : name.slice(dot + 1, dot + 5).toUpperCase();
}
