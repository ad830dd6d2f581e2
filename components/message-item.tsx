"use client";

import type { DynamicToolUIPart } from "ai";
import { memo, type ReactNode, useState } from "react";
import type { MessageVersions } from "@/lib/chat/conversation";
import { type ChatUIMessage, textOf } from "@/lib/chat/message";
import { rehypeCitationMarkers } from "./citation-markers";
import { CopyButton } from "./copy-button";
import { Markdown } from "./markdown";
import { ReplyDetails } from "./reply-details";
import { ReplySources } from "./reply-sources";
import { ThinkingBlock } from "./thinking-block";
import { type ToolAnswer, ToolCard } from "./tool-card";
import { VersionSwitcher } from "./version-switcher";

interface MessageItemProps {
  message: ChatUIMessage;
  /** How the reply ended, when not by itself. */
  ended?: "stopped" | "failed";
  /** This reply is being written now. */
  streaming: boolean;
  /** Actions are offered only when no reply is being written. */
  idle: boolean;
  /** Offered on assistant messages: a new version of this reply. */
  onRegenerate?: (messageId: string) => void;
  /** This message's versions, when it has several. */
  versions?: MessageVersions;
  onShowVersion?: (messageId: string) => void;
  /** Deletes this version and what follows it (after the user confirms). */
  onDeleteVersion?: (messageId: string) => void;
  /** Offered on user messages: replaces the message and everything after it. */
  onEdit?: (messageId: string, text: string) => void;
  /** Offered on the last reply: the user's Allow / Always allow / Deny for a waiting call. */
  onAnswerTool?: (part: DynamicToolUIPart, answer: ToolAnswer) => void;
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
  onAnswerTool,
  versions,
  onShowVersion,
  onDeleteVersion,
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
      <span className="role">{message.metadata?.speaker ?? message.role}:</span>{" "}
      {message.role === "assistant" ? (
        <ReplyParts
          message={message}
          streaming={streaming}
          ended={ended !== undefined}
          onAnswerTool={onAnswerTool}
        />
      ) : (
        <span className="user-text">{text}</span>
      )}
      {message.role === "assistant" && <ReplySources sources={message.metadata?.sources} />}
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
            <button type="button" className="quiet" onClick={() => onRegenerate(message.id)}>
              Regenerate
            </button>
          )}
          {versions && onShowVersion && (
            <VersionSwitcher versions={versions} disabled={!idle} onShow={onShowVersion} />
          )}
          {versions && onDeleteVersion && idle && (
            <button type="button" className="quiet" onClick={() => onDeleteVersion(message.id)}>
              Delete version
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

/**
 * A reply's parts in the order the model wrote them: thinking blocks, tool cards, and its text as
 * Markdown (consecutive text parts as one). Only the last part is live while the reply streams.
 */
function ReplyParts({
  message,
  streaming,
  ended,
  onAnswerTool,
}: {
  message: ChatUIMessage;
  streaming: boolean;
  ended: boolean;
  onAnswerTool?: (part: DynamicToolUIPart, answer: ToolAnswer) => void;
}) {
  const shown: ReactNode[] = [];
  const sourceCount = message.metadata?.sources?.length ?? 0;
  const citations = sourceCount > 0 ? [rehypeCitationMarkers(sourceCount)] : undefined;
  let text = "";
  let textFrom = 0;
  let thought = 0;
  const flushText = (live: boolean) => {
    if (text !== "") {
      shown.push(
        <Markdown
          key={`text-${textFrom}`}
          text={text}
          streaming={live}
          extraRehypePlugins={citations}
        />,
      );
    }
    text = "";
  };
  message.parts.forEach((part, position) => {
    const last = position === message.parts.length - 1;
    if (part.type === "text") {
      if (text === "") textFrom = position;
      text += part.text;
      return;
    }
    if (part.type !== "reasoning" && part.type !== "dynamic-tool") return;
    flushText(false);
    if (part.type === "reasoning") {
      const durationMs = message.metadata?.thoughtMs?.[thought++];
      if (part.text === "") return;
      shown.push(
        <ThinkingBlock
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no ids; their order never changes.
          key={position}
          text={part.text}
          thinking={streaming && last}
          durationMs={durationMs}
        />,
      );
      return;
    }
    shown.push(
      <ToolCard key={part.toolCallId} part={part} ended={ended} onAnswer={onAnswerTool} />,
    );
  });
  flushText(streaming);
  return shown;
}
