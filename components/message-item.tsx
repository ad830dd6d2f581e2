"use client";

import { memo, useState } from "react";
import { type ChatUIMessage, textOf } from "@/lib/chat/chat-ui-message";
import { CopyButton } from "./copy-button";
import { Markdown } from "./markdown";
import { ReplyDetails } from "./reply-details";
import { ThinkingBlock } from "./thinking-block";

interface MessageItemProps {
  message: ChatUIMessage;
  /** How the reply ended, when not by itself. */
  ended?: "stopped" | "failed";
  /** This reply is being written now. */
  streaming: boolean;
  /** Actions are offered only when no reply is being written. */
  idle: boolean;
  /** Offered on the last assistant message. */
  onRegenerate?: () => void;
  /** Offered on user messages: replaces the message and everything after it. */
  onEdit?: (messageId: string, text: string) => void;
}

/**
 * One message as `role: content`. User text is shown as typed (never as markup); assistant text
 * as Markdown. Memoized: while a reply streams only that message re-renders, which keeps long
 * conversations responsive.
 */
export const MessageItem = memo(function MessageItem({
  message,
  ended,
  streaming,
  idle,
  onRegenerate,
  onEdit,
}: MessageItemProps) {
  const text = textOf(message);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const [showDetails, setShowDetails] = useState(false);

  if (editing && onEdit) {
    return (
      <li className="message" data-role={message.role}>
        <form
          className="edit"
          onSubmit={(event) => {
            event.preventDefault();
            if (draft.trim() === "") return;
            setEditing(false);
            onEdit(message.id, draft);
          }}
        >
          <textarea
            aria-label="Edit message"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setEditing(false);
            }}
          />
          <div className="actions">
            <button type="submit" disabled={!idle || draft.trim() === ""}>
              Save &amp; Send
            </button>
            <button type="button" className="quiet" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li className="message" data-role={message.role} aria-busy={streaming || undefined}>
      <span className="role">{message.role}:</span>{" "}
      {message.role === "assistant" && <Thinking message={message} streaming={streaming} />}
      {message.role === "assistant" ? (
        <Markdown text={text} streaming={streaming} />
      ) : (
        <span className="user-text">{text}</span>
      )}
      {ended && (
        <span className={`tag ${ended}`}>{ended === "stopped" ? "Stopped" : "Failed"}</span>
      )}
      {!streaming && (
        <div className="actions">
          <CopyButton label="Copy message" text={() => text} />
          {onEdit && idle && (
            <button
              type="button"
              className="quiet"
              onClick={() => {
                setDraft(text);
                setEditing(true);
              }}
            >
              Edit
            </button>
          )}
          {onRegenerate && idle && (
            <button type="button" className="quiet" onClick={onRegenerate}>
              Regenerate
            </button>
          )}
          {message.role === "assistant" && message.metadata?.usage && (
            <button
              type="button"
              className="quiet"
              aria-expanded={showDetails}
              onClick={() => setShowDetails((shown) => !shown)}
            >
              Details
            </button>
          )}
        </div>
      )}
      {showDetails && message.metadata && <ReplyDetails metadata={message.metadata} />}
    </li>
  );
});

/** The reply's thinking blocks, in order; the last one is live while the model still thinks. */
function Thinking({ message, streaming }: { message: ChatUIMessage; streaming: boolean }) {
  const last = message.parts.at(-1);
  let index = 0;
  return message.parts.map((part, position) => {
    if (part.type !== "reasoning" || part.text === "") return null;
    const durationMs = message.metadata?.thoughtMs?.[index++];
    return (
      <ThinkingBlock
        // biome-ignore lint/suspicious/noArrayIndexKey: parts have no ids; their order never changes.
        key={position}
        text={part.text}
        thinking={streaming && part === last}
        durationMs={durationMs}
      />
    );
  });
}
