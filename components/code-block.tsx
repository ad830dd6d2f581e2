"use client";

import { type ReactNode, useRef, useState } from "react";
import { CopyButton } from "./copy-button";

/**
 * A fenced code block of a reply: its language, a copy button and a wrap toggle above the code
 * (highlighted by rehype-highlight, in markdown.tsx). Long lines scroll sideways until wrapped.
 */
export function CodeBlock({
  language,
  className,
  children,
}: {
  language: string;
  /** The `code` element's class (`language-… hljs`), kept for the highlighting styles. */
  className?: string;
  children: ReactNode;
}) {
  const code = useRef<HTMLElement>(null);
  const [wrap, setWrap] = useState(false);
  return (
    <div className="code-block" data-language={language || undefined}>
      <div className="code-block-header">
        <span className="code-block-language">{language || "text"}</span>
        <button
          type="button"
          className="quiet"
          aria-label="Wrap lines"
          aria-pressed={wrap}
          onClick={() => setWrap((wrapped) => !wrapped)}
        >
          Wrap
        </button>
        <CopyButton label="Copy code" text={() => code.current?.textContent ?? ""} />
      </div>
      <pre data-wrap={wrap || undefined}>
        <code ref={code} className={className}>
          {children}
        </code>
      </pre>
    </div>
  );
}
