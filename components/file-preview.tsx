"use client";

import { useEffect, useRef, useState } from "react";
import type { FilePart } from "@/lib/chat/message";
import { fileSize } from "./file-size";

type Loaded =
  | { kind: "loading" }
  | { kind: "text"; pages: string[] }
  | { kind: "failed"; message: string };

/**
 * A file's preview in a dialog: an image as it is, a document as the text the model reads (a
 * PDF page by page). The text comes from the server's reading, so this is exactly what was sent.
 */
export function FilePreview({ part, onClose }: { part: FilePart; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const image = part.mediaType.startsWith("image/");
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const url = `/api/files/${encodeURIComponent(part.fileId)}`;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  useEffect(() => {
    if (image) return;
    let live = true;
    fetch(`${url}/text`)
      .then(async (response) => {
        const body = (await response.json()) as {
          file?: { text: string | null };
          error?: { message: string };
        };
        if (!live) return;
        if (!response.ok || !body.file) {
          setLoaded({
            kind: "failed",
            message: body.error?.message ?? "The file could not be read.",
          });
          return;
        }
        setLoaded({ kind: "text", pages: (body.file.text ?? "").split("\f") });
      })
      .catch(() => live && setLoaded({ kind: "failed", message: "The file could not be loaded." }));
    return () => {
      live = false;
    };
  }, [image, url]);

  return (
    <dialog
      ref={dialog}
      className="file-preview"
      aria-label={`Preview of ${part.name}`}
      onClose={onClose}
    >
      <header>
        <h2>{part.name}</h2>
        <span className="file-details text-muted-foreground">
          {fileSize(part.size)}
          {part.pages ? ` · ${part.pages} pages` : ""}
        </span>
        <a href={url} download={part.name}>
          Download
        </a>
        <button type="button" className="quiet" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      {image ? (
        // biome-ignore lint/performance/noImgElement: the user's own upload, served by our API.
        <img src={url} alt={part.name} />
      ) : loaded.kind === "loading" ? (
        <p className="file-details text-muted-foreground">Loading…</p>
      ) : loaded.kind === "failed" ? (
        <p role="alert">{loaded.message}</p>
      ) : (
        <div className="file-text">
          {loaded.pages.map((page, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: pages are in order and never move.
            <section key={index} aria-label={part.pages ? `Page ${index + 1}` : undefined}>
              {part.pages ? <h3>Page {index + 1}</h3> : null}
              <pre>{page}</pre>
            </section>
          ))}
        </div>
      )}
    </dialog>
  );
}
