"use client";

import {
  type ClipboardEvent,
  type DragEvent,
  Fragment,
  useCallback,
  useEffect,
  useMemo,
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
import { type ChatUIMessage, type FilePart, textOf } from "@/lib/chat/message";
import { AttachButton } from "./attach-button";
import { AttachmentTray } from "./attachment-tray";
import { ChatHeader } from "./chat-header";
import { ConversationIdContext } from "./conversation-id";
import { DraftComposer } from "./draft-composer";
import { EmptyState } from "./empty-state";
import { ErrorBanner } from "./error-banner";
import { MessageItem } from "./message-item";
import { ModelStatusLine } from "./model-status-line";
import { ParticipantsBar } from "./participants-bar";
import { Button } from "./ui/button";
import { UnseenFilesNote } from "./unseen-files-note";
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
  // As last saved (Settings, the model picker); a new conversation's are the defaults.
  const [saved, setSaved] = useState(settings ?? defaultConversationSettings);
  // The participants' names (one: a plain chat).
  // One array while the cast is unchanged: each MessageItem takes it and is memoized.
  const cast = useMemo(() => saved.cast.participants.map((p) => p.name), [saved]);
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

  // The composer's props stay the same objects while a reply streams: it is memoized, and its
  // buttons' tooltips need not re-render with every token.
  const { send: sendTurn, draft } = turns;
  const stored = settings !== undefined || messages.length > 0;
  // A new conversation's first message carries the model picked for it in the header.
  const newModel = stored ? undefined : saved.model;
  const send = useCallback(
    (text: string, files: readonly FilePart[] = []) => sendTurn(text, files, newModel),
    [sendTurn, newModel],
  );
  const { parts: attached, clear: clearAttached, add: attach } = attachments;
  const onSend = useCallback(() => {
    send(draft.get(), attached);
    clearAttached();
  }, [send, draft, attached, clearAttached]);
  const attachButton = useMemo(() => <AttachButton onFiles={attach} />, [attach]);
  // The tray reads the list and its remove: the same while the list is.
  // biome-ignore lint/correctness/useExhaustiveDependencies: attachments.attachments is the state.
  const attachmentTray = useMemo(
    () => <AttachmentTray attachments={attachments} withButton={false} />,
    [attachments.attachments],
  );

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

  // ↑ in an empty composer: the last message of the user's opens for editing, as its Edit
  // button does (found by that button's name, which the browser tests pin as well).
  const editLast = useCallback(() => {
    const mine = scroller.current?.querySelectorAll('li.message[data-role="user"]');
    const last = mine?.[mine.length - 1];
    const edit = [...(last?.querySelectorAll("button") ?? [])].find(
      (button) => (button.getAttribute("aria-label") ?? button.textContent?.trim()) === "Edit",
    );
    if (!edit) return;
    edit.click();
    requestAnimationFrame(() =>
      last?.querySelector<HTMLTextAreaElement>('textarea[aria-label="Edit message"]')?.focus(),
    );
  }, [scroller]);

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
      data-slot="chat"
      data-dragging={dropping || undefined}
      className="flex min-h-0 flex-1 flex-col data-dragging:bg-brand/5"
      onDrop={onDrop}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onPaste={onPaste}
    >
      <ChatHeader
        // A new conversation is stored with its first message: Settings and export appear then.
        id={stored ? id : undefined}
        title={title || (messages[0] ? textOf(messages[0]).slice(0, 80) : "New chat")}
        modelName={modelName}
        settings={saved}
        onSettingsSaved={setSaved}
      />
      {/* Opens at the bottom without script: see use-stick-to-bottom.ts and .scroller. */}
      <div className="scroller" ref={scroller} onScroll={onScroll}>
        <div className="scroller-content mx-auto w-full max-w-(--container-chat) px-3 pt-4 pb-2 sm:px-4">
          {messages.length === 0 ? (
            <EmptyState onPick={send} />
          ) : (
            <ol className="messages" aria-label="Conversation" aria-live="polite">
              {firstShown > 0 && (
                <li className="earlier">
                  <Button variant="quiet" size="sm" onClick={() => setShowAll(true)}>
                    Show {firstShown} earlier messages
                  </Button>
                </li>
              )}
              {messages.slice(firstShown).map((message, offset) => {
                const index = firstShown + offset;
                return (
                  <Fragment key={message.id}>
                    {index === memoryStart && index > 0 && (
                      // A list item like the messages around it (a role on the <li> would
                      // take it out of the list); the note is its text.
                      <li className="memory-start">
                        <span role="note">
                          The model's memory starts here: it no longer sees the {index} messages
                          above.
                        </span>
                      </li>
                    )}
                    <MessageItem
                      message={message}
                      participants={cast}
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
                    <UnseenFilesNote names={message.metadata?.unseenFiles} />
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
      <DraftComposer
        draft={turns.draft}
        onSend={onSend}
        onStop={onStop}
        busy={busy}
        onEditLast={editLast}
        leading={attachButton}
        attachments={attachmentTray}
        canSendEmpty={attachments.parts.length > 0}
        holdSend={attachments.pending}
      />
    </main>
  );
}
