"use client";

import { useEffect, useRef, useState } from "react";
import { type ReplySource, sourceLine } from "@/lib/chat/message";

/**
 * The passages of the conversation's files a reply was given (retrieval), under it: file, page and
 * a line of each. Clicking one — or a `[n]` marker in the reply's text (citation-markers.ts) —
 * shows the passage highlighted in its page's text, in a dialog.
 */
export function ReplySources({ sources }: { sources: readonly ReplySource[] | undefined }) {
  const [open, setOpen] = useState<ReplySource | undefined>();
  const ref = useRef<HTMLElement>(null);

  // The reply's `[n]` buttons are in its text, beside this list: one listener on the message.
  useEffect(() => {
    const message = ref.current?.closest(".message");
    if (!message || !sources?.length) return;
    const onClick = (event: Event) => {
      const marker = (event.target as Element).closest?.("[data-source]");
      if (!marker) return;
      const source = sources.find((s) => String(s.n) === marker.getAttribute("data-source"));
      if (source) setOpen(source);
    };
    message.addEventListener("click", onClick);
    return () => message.removeEventListener("click", onClick);
  }, [sources]);

  if (!sources?.length) return null;
  return (
    <section className="reply-sources" aria-label="Sources" ref={ref}>
      <ol>
        {sources.map((source) => (
          <li key={source.n} value={source.n}>
            <button type="button" className="quiet" onClick={() => setOpen(source)}>
              <span className="source-file">{source.fileName}</span>
              {source.page !== null && <span className="source-page">, page {source.page}</span>}
              {/* At the button's own colour: dimmed further it fell below AA contrast (axe). */}
              <span>: {sourceLine(source.text)}</span>
            </button>
          </li>
        ))}
      </ol>
      {open && <SourceDialog source={open} onClose={() => setOpen(undefined)} />}
    </section>
  );
}

type PageText = { state: "loading" } | { state: "shown"; text: string } | { state: "failed" };

/** The passage in its page (the file's text, `/api/files/:id/text`), the passage marked. */
function SourceDialog({ source, onClose }: { source: ReplySource; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const mark = useRef<HTMLElement>(null);
  const [page, setPage] = useState<PageText>({ state: "loading" });

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  useEffect(() => {
    let current = true;
    fetch(`/api/files/${encodeURIComponent(source.fileId)}/text`)
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((body: { file?: { text?: string | null } }) => {
        const pages = (body.file?.text ?? "").split("\f");
        const text = source.page === null ? pages.join("\f") : (pages[source.page - 1] ?? "");
        if (current) setPage({ state: "shown", text });
      })
      .catch(() => current && setPage({ state: "failed" }));
    return () => {
      current = false;
    };
  }, [source]);

  useEffect(() => {
    if (page.state === "shown") mark.current?.scrollIntoView({ block: "center" });
  }, [page]);

  const at = page.state === "shown" ? page.text.indexOf(source.text) : -1;
  return (
    <dialog
      ref={dialog}
      className="source-dialog"
      onClose={onClose}
      aria-label={`Source ${source.n}`}
    >
      <header>
        <strong>
          [{source.n}] {source.fileName}
          {source.page !== null && `, page ${source.page}`}
        </strong>
        <button type="button" className="quiet" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      <div className="source-page-text">
        {page.state === "loading" && <p>Loading the page…</p>}
        {page.state === "failed" && (
          <>
            <p>The file is no longer available; the passage the reply was given:</p>
            <mark ref={mark}>{source.text}</mark>
          </>
        )}
        {page.state === "shown" &&
          (at < 0 ? (
            <mark ref={mark}>{source.text}</mark>
          ) : (
            <>
              {page.text.slice(0, at)}
              <mark ref={mark}>{source.text}</mark>
              {page.text.slice(at + source.text.length)}
            </>
          ))}
      </div>
    </dialog>
  );
}
