"use client";

import { useEffect, useState } from "react";

interface ThinkingBlockProps {
  text: string;
  /** The model is thinking now (this block is the reply's last part while it streams). */
  thinking: boolean;
  /** How long it thought, once known (measured by the server). */
  durationMs?: number;
}

/**
 * A reasoning model's thinking, above its answer: open and labelled "Thinking…" while it
 * streams; when the answer starts it collapses to "Thought for N s", and can be opened again
 * (after a reload too). Shown as plain text, never as markup.
 */
export function ThinkingBlock({ text, thinking, durationMs }: ThinkingBlockProps) {
  const [open, setOpen] = useState(thinking);
  const [startedAt] = useState(() => Date.now());
  const [measuredMs, setMeasuredMs] = useState<number | undefined>(undefined);

  useEffect(() => {
    setOpen(thinking);
    if (!thinking) setMeasuredMs((measured) => measured ?? Date.now() - startedAt);
  }, [thinking, startedAt]);

  const tookMs = durationMs ?? measuredMs;
  const label = thinking
    ? "Thinking…"
    : `Thought for ${tookMs === undefined ? "a moment" : `${Math.max(1, Math.round(tookMs / 1000))} s`}`;
  return (
    <details
      className="thinking"
      open={open}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{label}</summary>
      <div className="thinking-text">{text}</div>
    </details>
  );
}
