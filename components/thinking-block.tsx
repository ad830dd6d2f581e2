"use client";

import { BrainIcon, ChevronRightIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { cn } from "./ui/cn";

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
 * (after a reload too). Shown as plain text, never as markup, muted under a rule.
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
      className="thinking group/thinking text-muted-foreground text-sm"
      open={open}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary className="inline-flex cursor-pointer list-none items-center gap-1.5 rounded-md py-0.5 outline-none select-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring [&::-webkit-details-marker]:hidden">
        <BrainIcon aria-hidden className={cn("size-4", thinking && "animate-pulse")} />
        {label}
        <ChevronRightIcon
          aria-hidden
          className="size-3.5 transition-transform group-open/thinking:rotate-90"
        />
      </summary>
      <div className="thinking-text mt-1.5 ml-2 border-l-2 pl-3.5 leading-relaxed whitespace-pre-wrap">
        {text}
      </div>
    </details>
  );
}
