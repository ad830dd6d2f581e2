"use client";

import "./files.css";
import { useFileIndexing } from "@/hooks/use-file-indexing";
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

/**
 * One attached file: name, size, pages, a thumbnail for an image; opens its preview. A long file
 * also says whether it is being indexed for search, ready, or why not (asked of the server when
 * this page did not upload it).
 */
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
  const indexing = useFileIndexing(part?.fileId, { ask: !image });
  const details = [
    fileSize(size),
    part?.pages ? `${part.pages} ${part.pages === 1 ? "page" : "pages"}` : undefined,
    state === "uploading" ? `sending ${Math.round(progress * 100)}%` : undefined,
    state === "reading" ? "reading…" : undefined,
    indexing?.state === "indexing"
      ? indexing.total > 0
        ? `indexing ${indexing.done} of ${indexing.total} passages`
        : "indexing…"
      : undefined,
    indexing?.state === "ready" ? "ready" : undefined,
  ].filter(Boolean);
  const why = error ?? (indexing?.state === "failed" ? indexing.reason : undefined);
  return (
    <span className="file-chip" data-state={state} data-indexing={indexing?.state} title={name}>
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
        <span className="file-details text-muted-foreground">{details.join(" · ")}</span>
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
      {indexing?.state === "indexing" && (
        <progress
          className="file-progress"
          aria-label={`Indexing ${name}`}
          {...(indexing.total > 0 ? { max: indexing.total, value: indexing.done } : {})}
        />
      )}
      {why && (
        <span className="file-error" role="alert">
          {why}
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
