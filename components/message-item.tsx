"use client";

import type { DynamicToolUIPart } from "ai";
import { InfoIcon, PencilIcon, RefreshCwIcon, Trash2Icon } from "lucide-react";
import { memo, type ReactNode, useState } from "react";
import type { MessageVersions } from "@/lib/chat/conversation";
import { type ChatUIMessage, type FilePart, textOf } from "@/lib/chat/message";
import { ActionButton } from "./action-button";
import { citationMarkerPlugins } from "./citation-markers";
import { CopyButton } from "./copy-button";
import { EditFiles } from "./edit-files";
import { Markdown } from "./markdown";
import { MessageFiles } from "./message-files";
import { participantColor } from "./participant-color";
import { ReplyDetails } from "./reply-details";
import { ReplySources } from "./reply-sources";
import { ThinkingBlock } from "./thinking-block";
import { type ToolAnswer, ToolCard } from "./tool-card";
import { Button } from "./ui/button";
import { cn } from "./ui/cn";
import { Textarea } from "./ui/textarea";
import { VersionSwitcher } from "./version-switcher";

interface MessageItemProps {
  message: ChatUIMessage;
  /** The conversation's participants in Settings' order (one: a plain chat), for their colours. */
  participants?: readonly string[];
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
  onEdit?: (messageId: string, text: string, files?: FilePart[]) => void;
  /** Offered on the last reply: the user's Allow / Always allow / Deny for a waiting call. */
  onAnswerTool?: (part: DynamicToolUIPart, answer: ToolAnswer) => void;
}

/**
 * One message: the user's as a bubble on the right, shown as typed (never as markup); a reply
 * full width as Markdown, headed by its speaker's name in their colour when the conversation has
 * several participants (a plain chat's replies have no name). Its actions are icon buttons with
 * tooltips, shown on hover, on keyboard focus within the message, and always on touch screens and
 * narrow ones; the version switcher always. `data-speaker` names who wrote it, for tests and
 * styles. Memoized: while a reply streams only that message re-renders, which keeps long
 * conversations responsive.
 */
export const MessageItem = memo(function MessageItem({
  message,
  participants,
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
  const [showDetails, setShowDetails] = useState(false);
  const user = message.role === "user";
  const speaker = message.metadata?.speaker;

  if (editing && onEdit) {
    return (
      <li className={itemClass(true)} data-role={message.role} data-speaker={message.role}>
        <EditForm
          message={message}
          text={text}
          idle={idle}
          onCancel={() => setEditing(false)}
          onSave={(draft, files) => {
            setEditing(false);
            onEdit(message.id, draft, files);
          }}
        />
      </li>
    );
  }

  return (
    <li
      className={itemClass(user)}
      data-role={message.role}
      data-speaker={speaker ?? message.role}
      aria-busy={streaming || undefined}
    >
      <MessageFiles parts={message.parts} />
      {user ? (
        <>
          <span className="sr-only">You said:</span>
          <div className="user-text max-w-[85%] rounded-2xl rounded-br-md bg-user-bubble px-4 py-2.5 whitespace-pre-wrap break-words">
            {text}
          </div>
        </>
      ) : (
        <>
          {speaker ? (
            <div
              className={cn(
                "speaker flex items-center gap-2 font-semibold text-sm",
                participantColor(speaker, participants),
              )}
            >
              <span aria-hidden className="size-2 rounded-full bg-current" />
              {speaker}
              <span className="sr-only">said:</span>
            </div>
          ) : (
            <span className="sr-only">The assistant said:</span>
          )}
          <div className="reply flex min-w-0 flex-col gap-2">
            <ReplyParts
              message={message}
              streaming={streaming}
              ended={ended !== undefined}
              onAnswerTool={onAnswerTool}
            />
          </div>
        </>
      )}
      {message.role === "assistant" && <ReplySources sources={message.metadata?.sources} />}
      {ended && (
        <span
          className={cn(
            "tag self-start rounded-md border px-1.5 py-0 font-medium text-xs",
            ended === "failed" ? "failed text-danger-text" : "stopped text-muted-foreground",
          )}
        >
          {ended === "stopped" ? "Stopped" : "Failed"}
        </span>
      )}
      {streaming ? (
        // The actions' row, empty, so that the reply keeps its height when it ends.
        <div className="actions min-h-7" />
      ) : (
        <div className={cn("actions flex min-h-7 items-center gap-0.5", user && "justify-end")}>
          {versions && onShowVersion && (
            <VersionSwitcher versions={versions} disabled={!idle} onShow={onShowVersion} />
          )}
          <div className={revealed}>
            <CopyButton label="Copy message" text={() => text} />
            {onEdit && idle && (
              <ActionButton label="Edit" onClick={() => setEditing(true)}>
                <PencilIcon aria-hidden />
              </ActionButton>
            )}
            {onRegenerate && idle && (
              <ActionButton label="Regenerate" onClick={() => onRegenerate(message.id)}>
                <RefreshCwIcon aria-hidden />
              </ActionButton>
            )}
            {versions && onDeleteVersion && idle && (
              <ActionButton label="Delete version" onClick={() => onDeleteVersion(message.id)}>
                <Trash2Icon aria-hidden />
              </ActionButton>
            )}
            {!user && message.metadata?.usage && (
              <ActionButton
                label="Details"
                aria-expanded={showDetails}
                className="aria-expanded:bg-accent aria-expanded:text-foreground"
                onClick={() => setShowDetails((shown) => !shown)}
              >
                <InfoIcon aria-hidden />
              </ActionButton>
            )}
          </div>
        </div>
      )}
      {showDetails && message.metadata && <ReplyDetails metadata={message.metadata} />}
    </li>
  );
});

/**
 * The actions but the version switcher: hidden until the message is hovered or holds the focus on
 * a wide screen with a mouse; always there on a phone's width or a touch screen. Hidden by
 * opacity only, so they stay in the tab order and a keyboard reaches them (focus shows them).
 */
const revealed =
  "flex items-center gap-0.5 transition-opacity duration-150 md:pointer-fine:opacity-0 md:pointer-fine:group-hover/message:opacity-100 md:pointer-fine:group-focus-within/message:opacity-100";

/** A message's box: the user's to the right, a reply across. */
function itemClass(user: boolean): string {
  return cn(
    "message group/message flex flex-col gap-1.5 leading-relaxed",
    user ? "items-end" : "items-stretch",
  );
}

/** The user's message in a box to change it: Save & Send replaces it and what followed. */
function EditForm({
  message,
  text,
  idle,
  onSave,
  onCancel,
}: {
  message: ChatUIMessage;
  text: string;
  idle: boolean;
  /** The new text, and the files kept or added (undefined: the message's own, untouched). */
  onSave: (draft: string, files?: FilePart[]) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(text);
  const [files, setFiles] = useState<{ parts: FilePart[]; pending: boolean }>();
  const empty = draft.trim() === "" && !files?.parts.length;
  return (
    <form
      data-slot="message-edit"
      className="edit flex w-full max-w-[85%] flex-col gap-2 rounded-2xl border bg-background p-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (!empty && !files?.pending) onSave(draft, files?.parts);
      }}
    >
      <EditFiles message={message} onChange={setFiles} />
      <Textarea
        aria-label="Edit message"
        className="max-h-80 resize-none border-0 text-base focus-visible:ring-0 md:text-sm field-sizing-content"
        value={draft}
        // Opened by the user's own Edit (or ↑): to type in.
        autoFocus
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
      />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={!idle || empty || files?.pending}>
          Save &amp; Send
        </Button>
      </div>
    </form>
  );
}

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
  // A reply given numbered sources: its [n] markers open them (reply-sources.tsx).
  const citations = citationMarkerPlugins(message.metadata?.sources?.length ?? 0);
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
