"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { IconButton } from "./ui/icon-button";

/**
 * Copies text to the clipboard: a copy icon, a tick for a moment after. Its label is its
 * accessible name and its tooltip; "Copied" is announced politely.
 */
export function CopyButton({
  label,
  text,
  className,
}: {
  label: string;
  text: () => string;
  className?: string;
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
    <IconButton label={label} variant="quiet" size="icon-xs" className={className} onClick={copy}>
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      <span className="sr-only" aria-live="polite">
        {copied ? "Copied" : ""}
      </span>
    </IconButton>
  );
}
