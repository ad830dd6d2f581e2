"use client";

import type { DynamicToolUIPart } from "ai";
import {
  BanIcon,
  ChevronDownIcon,
  CircleCheckIcon,
  CircleStopIcon,
  CircleXIcon,
  ClockIcon,
  LoaderCircleIcon,
  type LucideIcon,
  WrenchIcon,
} from "lucide-react";
import { memo, useState } from "react";
import { INTERRUPTED_CALL } from "@/lib/chat/message";
import { Button } from "./ui/button";
import { cn } from "./ui/cn";

/** The user's answer to a call waiting for approval. */
export type ToolAnswer = "allow" | "always-allow" | "deny";

interface ToolCardProps {
  part: DynamicToolUIPart;
  /** The reply ended (Stop, failure) before this call returned. */
  ended: boolean;
  /** Offered while the call waits for approval and nothing else is going on. */
  onAnswer?: (part: DynamicToolUIPart, answer: ToolAnswer) => void;
}

/**
 * One tool call of a reply: the tool's name, its input, where it stands and what it returned or
 * why it failed. A card that opens and closes; open while it waits for the user's Allow / Always
 * allow / Deny. Input and output are shown as text — never as markup, whatever the server sent.
 */
export const ToolCard = memo(function ToolCard({ part, ended, onAnswer }: ToolCardProps) {
  const waiting = part.state === "approval-requested";
  const [open, setOpen] = useState(waiting);
  const [answered, setAnswered] = useState(false);
  const status = statusOf(part, ended);
  const StatusIcon = STATUS_ICONS[status.key];
  return (
    <details
      className={cn(
        "tool-card group/tool overflow-hidden rounded-lg border bg-card text-card-foreground text-sm",
        waiting && "border-brand",
      )}
      data-state={status.key}
      open={open || waiting}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2 outline-none select-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset [&::-webkit-details-marker]:hidden">
        <WrenchIcon aria-hidden className="size-4 shrink-0 text-muted-foreground" />
        <span className="tool-name min-w-0 truncate font-mono text-[0.8125rem]">
          <span className="sr-only">Tool: </span>
          {part.toolName}
        </span>{" "}
        <span
          className={cn(
            "tool-status ml-auto inline-flex shrink-0 items-center gap-1 text-xs",
            status.key === "failed" ? "text-danger-text" : "text-muted-foreground",
          )}
          role="status"
        >
          <StatusIcon
            aria-hidden
            className={cn("size-3.5", status.key === "running" && "animate-spin")}
          />
          {status.label}
        </span>
        <ChevronDownIcon
          aria-hidden
          className="size-4 shrink-0 text-muted-foreground transition-transform group-open/tool:rotate-180"
        />
      </summary>
      <div className="tool-body flex flex-col gap-1 border-t px-3 py-2">
        <div className="tool-section-label font-medium text-muted-foreground text-xs">Input</div>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls; a keyboard must reach it. */}
        <pre className={cn(PRE, "tool-input")} tabIndex={0}>
          {asText(part.input)}
        </pre>
        {part.state === "output-available" && (
          <>
            <div className="tool-section-label mt-1 font-medium text-muted-foreground text-xs">
              Output
            </div>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls; a keyboard must reach it. */}
            <pre className={cn(PRE, "tool-output")} tabIndex={0}>
              {outputText(part.output)}
            </pre>
          </>
        )}
        {status.error && <p className="tool-error text-danger-text text-xs">{status.error}</p>}
      </div>
      {waiting && onAnswer && (
        <div className="tool-actions flex flex-wrap gap-2 border-t px-3 py-2">
          {(
            [
              ["allow", "Allow", "default"],
              ["always-allow", "Always allow", "outline"],
              ["deny", "Deny", "ghost"],
            ] as const
          ).map(([answer, label, variant]) => (
            <Button
              key={answer}
              variant={variant}
              size="sm"
              disabled={answered}
              onClick={() => {
                setAnswered(true);
                onAnswer(part, answer);
              }}
            >
              {label}
            </Button>
          ))}
        </div>
      )}
    </details>
  );
});

// Scrolls inside a long input or output; focusable, so that a keyboard can scroll it too.
const PRE =
  "m-0 max-h-64 overflow-auto rounded-md bg-muted px-2.5 py-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words";

type StatusKey = "running" | "waiting" | "done" | "failed" | "denied" | "interrupted";

const STATUS_ICONS: Record<StatusKey, LucideIcon> = {
  running: LoaderCircleIcon,
  waiting: ClockIcon,
  done: CircleCheckIcon,
  failed: CircleXIcon,
  denied: BanIcon,
  interrupted: CircleStopIcon,
};

function statusOf(
  part: DynamicToolUIPart,
  ended: boolean,
): { key: StatusKey; label: string; error?: string } {
  switch (part.state) {
    case "input-streaming":
    case "input-available":
      return ended
        ? { key: "interrupted", label: "Interrupted", error: INTERRUPTED_CALL }
        : { key: "running", label: "Running…" };
    case "approval-requested":
      return { key: "waiting", label: "Waiting for your approval" };
    case "approval-responded":
      if (!part.approval.approved) return { key: "denied", label: "Denied" };
      return ended
        ? { key: "interrupted", label: "Interrupted", error: INTERRUPTED_CALL }
        : { key: "running", label: "Running…" };
    case "output-available":
      return isErrorResult(part.output)
        ? { key: "failed", label: "Failed", error: outputText(part.output) }
        : { key: "done", label: "Done" };
    case "output-error":
      return part.errorText === INTERRUPTED_CALL
        ? { key: "interrupted", label: "Interrupted", error: part.errorText }
        : { key: "failed", label: "Failed", error: part.errorText };
    case "output-denied":
      return { key: "denied", label: "Denied" };
  }
}

/** An MCP result (`{content: [...], isError}`) as text: its text items; other items named. */
function outputText(output: unknown): string {
  const content = (output as { content?: unknown } | null)?.content;
  if (!Array.isArray(content)) return asText(output);
  return content
    .map((item: { type?: string; text?: unknown }) =>
      item.type === "text" && typeof item.text === "string"
        ? item.text
        : `[${item.type ?? "item"}]`,
    )
    .join("\n");
}

function isErrorResult(output: unknown): boolean {
  return (output as { isError?: unknown } | null)?.isError === true;
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? "";
}
