"use client";

import { WrapText } from "lucide-react";
import { type ReactNode, useRef, useState } from "react";
import { ActionButton } from "./action-button";
import { CopyButton } from "./copy-button";
import { cn } from "./ui/cn";

/**
 * A fenced code block of a reply: its language, a wrap toggle and a copy button above the code
 * (highlighted by rehype-highlight, markdown-highlight.ts). Long lines scroll sideways until
 * wrapped.
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
    <div
      className="code-block my-3 overflow-hidden rounded-lg border bg-muted/50"
      data-language={language || undefined}
    >
      <div className="flex h-9 items-center gap-1 border-b bg-muted py-1 pr-1 pl-3 text-muted-foreground text-xs">
        <span className="code-block-language mr-auto font-mono lowercase">
          {language || "text"}
        </span>
        <ActionButton
          label="Wrap lines"
          side="bottom"
          aria-pressed={wrap}
          className="aria-pressed:bg-accent aria-pressed:text-foreground"
          onClick={() => setWrap((wrapped) => !wrapped)}
        >
          <WrapText aria-hidden />
        </ActionButton>
        <CopyButton label="Copy code" side="bottom" text={() => code.current?.textContent ?? ""} />
      </div>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: long lines scroll; a keyboard must reach them.
        tabIndex={0}
        data-wrap={wrap || undefined}
        className={cn(
          "overflow-x-auto p-3 font-mono text-[0.8125rem] leading-relaxed",
          wrap ? "whitespace-pre-wrap break-words" : "whitespace-pre",
        )}
      >
        <code ref={code} className={className}>
          {children}
        </code>
      </pre>
    </div>
  );
}
