"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { ActionButton } from "./action-button";

/**
 * Copies text to the clipboard: a copy icon, a tick for a moment after. Its label is its
 * accessible name and its tooltip; "Copied" is announced politely.
 */
export function CopyButton({
  label,
  text,
  className,
  side,
}: {
  label: string;
  text: () => string;
  className?: string;
  side?: "top" | "bottom";
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text());
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (insecure context or permission): nothing to copy to.
    }
  };
  return (
    <ActionButton label={label} side={side} className={className} onClick={copy}>
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      <span className="sr-only" aria-live="polite">
        {copied ? "Copied" : ""}
      </span>
    </ActionButton>
  );
}
