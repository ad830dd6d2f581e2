"use client";

import {
  type ClipboardEvent,
  type DragEvent,
  Fragment,
  useCallback,
  useEffect,
  useState,
} from "react";
import { useAttachments } from "@/hooks/use-attachments";
import { useChatTurns } from "@/hooks/use-chat-turns";
import { useParticipantTurns } from "@/hooks/use-participant-turns";
import { useToolAnswers } from "@/hooks/use-tool-answers";
import { useVersions } from "@/hooks/use-versions";
import {
  type ConversationSettings,
  type ConversationView,
  defaultConversationSettings,
} from "@/lib/chat/conversation";
import { type ChatUIMessage, textOf } from "@/lib/chat/message";
import { AttachmentTray } from "./attachment-tray";
import { Composer } from "./composer";
import { ConversationIdContext } from "./conversation-id";
import { ConversationMenu } from "./conversation-menu";
import { EmptyState } from "./empty-state";
import { ErrorBanner } from "./error-banner";
import { MessageItem } from "./message-item";
import { ModelStatusLine } from "./model-status-line";
import { ParticipantsBar } from "./participants-bar";
import { useModelStatus } from "./use-model-status";
import { useStickToBottom } from "./use-stick-to-bottom";

const INITIALLY_SHOWN = 60;

interface ChatProps {
  /** The conversation's id; a new conversation is stored under it on its first message. */
  id: string;
  title?: string;
  /** The name of the model this conversation uses. */
  modelName?: string;
  initialMessages: ChatUIMessage[];
  /** Where the messages shown have other versions (edits, regenerated replies). */
  initialVersions?: ConversationView["versions"];
  /** Most turns "Let them talk" runs (CHAT_MAX_AUTO_TURNS). */
  maxAutoTurns?: number;
  /** A reply is still being generated on the server: follow it. */
  resume?: boolean;
  /** A stored conversation's own settings (absent for a new one). */
  settings?: ConversationSettings;
}

/** The streaming chat: messages, composer, Stop/Regenerate/Edit/Retry, versions, participants. */
export function Chat(props: ChatProps) {
  // What is attached in an edit, deep in the list, is uploaded to this conversation.
  return (
    <ConversationIdContext value={props.id}>
      <ChatPage {...props} />
    </ConversationIdContext>
  );
}

function ChatPage({
  id,
  title,
  modelName,
  initialMessages,
  initialVersions = {},
  maxAutoTurns = 6,
  resume = false,
  settings,
}: ChatProps) {
  const attachments = useAttachments(id);
  const turns = useChatTurns({
    id,
    initialMessages,
    resume,
    onRefusedFiles: attachments.restore,
  });
  const [dropping, setDropping] = useState(false);
  const versions = useVersions(id, initialVersions, turns);
  const tools = useToolAnswers(id, turns);
  const participants = useParticipantTurns(id, maxAutoTurns, turns);
  const { messages, status, busy, failure } = turns;
  // The participants' names (one: a plain chat), as last saved in Settings.
  const [cast, setCast] = useState(() =>
    (settings ?? defaultConversationSettings).cast.participants.map((p) => p.name),
  );
  const last = messages.at(-1);
  const modelStatus = useModelStatus(status === "submitted");
  const { ref: scroller, onScroll } = useStickToBottom<HTMLDivElement>(
    `${messages.length}:${last?.parts.length}:${JSON.stringify(last?.parts.at(-1))?.length}`,
  );

  const { stop: stopTurn } = turns;
  const { stopTalking } = participants;
  const onStop = useCallback(async () => {
    stopTalking();
    await stopTurn();
  }, [stopTurn, stopTalking]);

  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onStop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, onStop]);

  // A long conversation opens on its latest messages; rendering hundreds of Markdown messages
  // first would delay the page by seconds (docs/ui-benchmarks.md). All are still sent each turn.
  const [showAll, setShowAll] = useState(false);
  const firstShown = showAll ? 0 : Math.max(0, messages.length - INITIALLY_SHOWN);
  const lastAssistantIndex = messages.findLastIndex((message) => message.role === "assistant");
  // Past the model's context, the latest reply was written without the oldest messages.
  const memoryStart = messages[lastAssistantIndex]?.metadata?.droppedMessages ?? 0;

  // Files dropped anywhere on the conversation, or pasted into the box, are attached.
  const onDrop = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDropping(false);
    attachments.add(Array.from(event.dataTransfer.files));
  };
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDropping(true);
  };
  const onPaste = (event: ClipboardEvent) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) return;
    event.preventDefault();
    attachments.add(files);
  };

  return (
    <main
      className={dropping ? "chat drop-target" : "chat"}
      onDrop={onDrop}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onPaste={onPaste}
    >
      <header>
        <h1>{title || (messages[0] ? textOf(messages[0]).slice(0, 80) : "New chat")}</h1>
        {modelName && <span className="model-name">Model: {modelName}</span>}
        {(settings || messages.length > 0) && (
          // A new conversation is stored with its first message: its menu appears then.
          <ConversationMenu
            id={id}
            settings={settings ?? defaultConversationSettings}
            onCastSaved={(saved) => setCast(saved.participants.map((p) => p.name))}
          />
        )}
      </header>
      {/* Opens at the bottom without script: see use-stick-to-bottom.ts and .scroller. */}
      <div className="scroller" ref={scroller} onScroll={onScroll}>
        <div className="scroller-content">
          {messages.length === 0 ? (
            <EmptyState onPick={turns.send} />
          ) : (
            <ol className="messages" aria-label="Conversation" aria-live="polite">
              {firstShown > 0 && (
                <li className="earlier">
                  <button type="button" className="quiet" onClick={() => setShowAll(true)}>
                    Show {firstShown} earlier messages
                  </button>
                </li>
              )}
              {messages.slice(firstShown).map((message, offset) => {
                const index = firstShown + offset;
                return (
                  <Fragment key={message.id}>
                    {index === memoryStart && index > 0 && (
                      <li className="memory-start" role="note">
                        The model's memory starts here: it no longer sees the {index} messages
                        above.
                      </li>
                    )}
                    <MessageItem
                      message={message}
                      ended={turns.endedById[message.id] ?? message.metadata?.ended}
                      streaming={
                        busy && index === messages.length - 1 && message.role === "assistant"
                      }
                      idle={!busy}
                      onEdit={message.role === "user" ? turns.edit : undefined}
                      onRegenerate={message.role === "assistant" ? turns.regenerate : undefined}
                      versions={versions.versions[message.id]}
                      onShowVersion={versions.show}
                      onDeleteVersion={versions.remove}
                      onAnswerTool={
                        index === messages.length - 1 && !busy ? tools.answer : undefined
                      }
                    />
                    {message.metadata?.unseenFiles && (
                      <li className="memory-start" role="note">
                        This model cannot see images: it was told that{" "}
                        {message.metadata.unseenFiles.join(", ")}{" "}
                        {message.metadata.unseenFiles.length === 1 ? "was" : "were"} attached, but
                        not shown {message.metadata.unseenFiles.length === 1 ? "it" : "them"}. Pick
                        a model that sees images in the conversation's Settings.
                      </li>
                    )}
                  </Fragment>
                );
              })}
            </ol>
          )}
          {(status === "submitted" || turns.queuePlace !== undefined) && (
            <ModelStatusLine status={modelStatus} queuePlace={turns.queuePlace} />
          )}
          {tools.notice && <ErrorBanner message={tools.notice} />}
          {versions.notice && <ErrorBanner message={versions.notice} />}
          {failure && (
            <ErrorBanner
              message={failure.message}
              onRetry={failure.refused ? undefined : () => turns.regenerate()}
            />
          )}
        </div>
      </div>
      {cast.length > 1 && messages.length > 0 && (
        <ParticipantsBar
          participants={cast}
          busy={busy}
          onContinue={participants.continueAs}
          onLetThemTalk={participants.letThemTalk}
        />
      )}
      <Composer
        value={turns.input}
        onChange={turns.setInput}
        onSend={() => {
          turns.send(turns.input, attachments.parts);
          attachments.clear();
        }}
        onStop={onStop}
        busy={busy}
        attachments={{
          tray: <AttachmentTray attachments={attachments} />,
          count: attachments.parts.length,
          pending: attachments.pending,
        }}
      />
    </main>
  );
}
