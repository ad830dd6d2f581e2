"use client";

import type { DynamicToolUIPart } from "ai";
import { memo, useState } from "react";
import { INTERRUPTED_CALL } from "@/lib/chat/message";

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
 * why it failed. Collapsible; open while it waits for the user's Allow / Always allow / Deny.
 * Input and output are shown as text — never as markup, whatever the server sent.
 */
export const ToolCard = memo(function ToolCard({ part, ended, onAnswer }: ToolCardProps) {
  const waiting = part.state === "approval-requested";
  const [open, setOpen] = useState(waiting);
  const [answered, setAnswered] = useState(false);
  const status = statusOf(part, ended);
  return (
    <details
      className="tool-card"
      data-state={status.key}
      open={open || waiting}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span className="tool-name">Tool: {part.toolName}</span>{" "}
        <span className="tool-status" role="status">
          {status.label}
        </span>
      </summary>
      <div className="tool-body">
        <div className="tool-section-label">Input</div>
        <pre className="tool-input">{asText(part.input)}</pre>
        {part.state === "output-available" && (
          <>
            <div className="tool-section-label">Output</div>
            <pre className="tool-output">{outputText(part.output)}</pre>
          </>
        )}
        {status.error && <p className="tool-error">{status.error}</p>}
      </div>
      {waiting && onAnswer && (
        <div className="tool-actions">
          {(
            [
              ["allow", "Allow"],
              ["always-allow", "Always allow"],
              ["deny", "Deny"],
            ] as const
          ).map(([answer, label]) => (
            <button
              key={answer}
              type="button"
              className={answer === "deny" ? "quiet" : undefined}
              disabled={answered}
              onClick={() => {
                setAnswered(true);
                onAnswer(part, answer);
              }}
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </details>
  );
});

function statusOf(
  part: DynamicToolUIPart,
  ended: boolean,
): { key: string; label: string; error?: string } {
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
