"use client";

import { useChat } from "@ai-sdk/react";
import {
  DefaultChatTransport,
  type DynamicToolUIPart,
  lastAssistantMessageIsCompleteWithApprovalResponses,
} from "ai";
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  allowToolAlwaysAction,
  conversationVersionsAction,
  deleteBranchAction,
  showVersionAction,
} from "@/app/conversation-actions";
import type { ConversationView } from "@/lib/chat/conversation/conversation-view";
import { readChatError } from "@/lib/chat/error/read-chat-error";
import { type ChatUIMessage, textOf } from "@/lib/chat/message/chat-ui-message";
import { type Cast, DEFAULT_PARTICIPANT } from "@/lib/chat/participants/cast";
import { toChatRequest } from "@/lib/chat/request/chat-request";
import type { ToolPreferences } from "@/lib/chat/tools/tool-preferences";
import { Composer } from "./composer";
import { ConversationMenu } from "./conversation-menu";
import { announceConversationsChanged } from "./conversations-changed";
import { EmptyState } from "./empty-state";
import { ErrorBanner } from "./error-banner";
import { MessageItem } from "./message-item";
import { ModelStatusLine } from "./model-status-line";
import { ParticipantsBar } from "./participants-bar";
import type { ToolAnswer } from "./tool-card";
import { useModelStatus } from "./use-model-status";
import { useStickToBottom } from "./use-stick-to-bottom";

const INITIALLY_SHOWN = 60;
const NEW_CONVERSATION_SETTINGS = {
  systemPrompt: null,
  model: null,
  tools: { off: [], alwaysAllowed: [] },
  cast: {
    participants: [{ name: DEFAULT_PARTICIPANT, model: null, systemPrompt: null }],
    order: "round-robin" as const,
  },
};

interface ChatProps {
  /** The conversation's id; a new conversation is stored under it on its first message. */
  id: string;
  title?: string;
  /** The name of the model this conversation uses. */
  modelName?: string;
  initialMessages: ChatUIMessage[];
  /** Where the messages shown have other versions (edits, regenerated replies). */
  initialVersions?: ConversationView["versions"];
  /** The participants' names (one: a plain chat). */
  participants?: string[];
  /** Most turns "Let them talk" runs (CHAT_MAX_AUTO_TURNS). */
  maxAutoTurns?: number;
  /** A reply is still being generated on the server: follow it. */
  resume?: boolean;
  /** A stored conversation's own settings (absent for a new one). */
  settings?: {
    systemPrompt: string | null;
    model: string | null;
    tools: ToolPreferences;
    cast: Cast;
  };
}

/** The streaming chat: messages, composer, Stop/Regenerate/Edit/Retry. */
export function Chat({
  id,
  title,
  modelName,
  initialMessages,
  initialVersions = {},
  participants = [DEFAULT_PARTICIPANT],
  maxAutoTurns = 6,
  resume = false,
  settings,
}: ChatProps) {
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: "/api/chat",
        // Only what is new goes to the server (lib/chat/chat-request.ts); it has the rest.
        prepareSendMessagesRequest: ({ id: conversationId, messages, trigger, body }) => ({
          body: toChatRequest(
            conversationId,
            messages,
            trigger,
            typeof body?.speaker === "string" ? body.speaker : undefined,
          ),
        }),
        // A participant's turn started by Continue is followed as a reply of its own.
        prepareReconnectToStreamRequest: ({ id: conversationId }) => ({
          api: `/api/chat/${conversationId}/stream${followReply.current ? `?reply=${followReply.current}` : ""}`,
        }),
      }),
    [],
  );
  const [versions, setVersions] = useState(initialVersions);
  // Participants: who may speak, turns still to run for "Let them talk", and what happens when a
  // reply ends (set below, read by onFinish).
  const [cast, setCast] = useState(participants);
  const followReply = useRef<string | undefined>(undefined);
  const autoTurns = useRef(0);
  const afterReply = useRef<(message: ChatUIMessage, ended: boolean) => void>(() => {});
  // Where the current reply waits for the local model; shown only while it waits (`waiting`),
  // cleared when the next message is sent.
  const [queuePlace, setQueuePlace] = useState<number | undefined>();
  const {
    messages,
    setMessages,
    sendMessage,
    regenerate,
    stop,
    status,
    error,
    clearError,
    addToolApprovalResponse,
    resumeStream,
  } = useChat<ChatUIMessage>({
    id,
    messages: initialMessages,
    transport,
    resume,
    // Once every waiting tool call has the user's answer, the reply goes on (the server reads
    // only the answers from what is sent).
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    // The sidebar lists the conversation (new title, newest first) once a turn is saved, and
    // a regenerated reply or an edit is a new version to page through.
    onFinish: ({ message, isAbort, isError }) => {
      announceConversationsChanged();
      conversationVersionsAction(id).then((result) => {
        if (result.ok) setVersions(result.value);
      });
      afterReply.current(message, isAbort || isError);
    },
    onData: (part) => {
      if (part.type === "data-queue") setQueuePlace(part.data.place);
    },
  });
  useEffect(() => {
    if (status === "submitted") setQueuePlace(undefined);
  }, [status]);
  const [input, setInput] = useState("");
  const busy = status === "submitted" || status === "streaming";
  const last = messages[messages.length - 1];
  const waiting =
    busy &&
    queuePlace !== undefined &&
    !(last?.role === "assistant" && last.parts.some((part) => part.type === "text" && part.text));
  const modelStatus = useModelStatus(status === "submitted");
  const { ref: scroller, onScroll } = useStickToBottom<HTMLDivElement>(
    `${messages.length}:${last?.parts.length}:${JSON.stringify(last?.parts.at(-1))?.length}`,
  );

  // How replies of this visit ended, by message id. Kept beside the messages, not in them: the
  // SDK may still write the stopped message once more after stop() returns.
  const [endedById, setEndedById] = useState<Record<string, "stopped" | "failed">>({});
  const latestMessages = useRef(messages);
  latestMessages.current = messages;
  const markLastReply = useCallback((ended: "stopped" | "failed") => {
    const reply = latestMessages.current.at(-1);
    if (reply?.role === "assistant") setEndedById((known) => ({ ...known, [reply.id]: ended }));
  }, []);

  const onStop = useCallback(async () => {
    // The fetch abort alone would leave the model computing: closing a tab must not lose a
    // reply, so the server stops only when told to.
    markLastReply("stopped");
    autoTurns.current = 0;
    await Promise.all([
      stop(),
      fetch(`/api/chat/${id}/stop`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      }).catch(() => {}),
    ]);
  }, [id, stop, markLastReply]);

  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onStop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, onStop]);

  const send = useCallback(
    (text: string) => {
      clearError();
      setInput("");
      sendMessage({ text });
      // A new conversation gets its own URL as soon as its first message is on its way.
      if (window.location.pathname !== `/c/${id}`)
        window.history.replaceState(null, "", `/c/${id}`);
    },
    [id, sendMessage, clearError],
  );

  // Read through a ref so that onEdit keeps its identity while a reply streams, and the
  // memoized messages above the reply do not re-render on every token.
  const onEdit = useCallback(
    (messageId: string, text: string) => {
      const current = latestMessages.current;
      const index = current.findIndex((message) => message.id === messageId);
      if (index < 0) return;
      clearError();
      setMessages(current.slice(0, index));
      sendMessage({ text });
    },
    [setMessages, sendMessage, clearError],
  );

  const [toolNotice, setToolNotice] = useState<string | null>(null);
  const onAnswerTool = useCallback(
    async (part: DynamicToolUIPart, answer: ToolAnswer) => {
      if (part.state !== "approval-requested") return;
      clearError();
      setToolNotice(null);
      if (answer === "always-allow") {
        // Remembered before the answer is sent, so that the reply's next call of this tool
        // already runs without asking.
        const saved = await allowToolAlwaysAction(id, part.toolName);
        if (!saved.ok) setToolNotice(saved.message);
      }
      addToolApprovalResponse({ id: part.approval.id, approved: answer !== "deny" });
    },
    [id, addToolApprovalResponse, clearError],
  );

  /** A new version of a reply (the last one when none is named), beside the others. */
  const onRegenerate = useCallback(
    (messageId?: string) => {
      clearError();
      const speaker = latestMessages.current.find((m) => m.id === messageId)?.metadata?.speaker;
      regenerate(
        messageId === undefined
          ? undefined
          : { messageId, ...(speaker ? { body: { speaker } } : {}) },
      );
    },
    [regenerate, clearError],
  );

  const [versionNotice, setVersionNotice] = useState<string | null>(null);
  const showView = useCallback(
    (result: { ok: true; value: ConversationView } | { ok: false; message: string }) => {
      if (!result.ok) {
        setVersionNotice(result.message);
        return;
      }
      setVersionNotice(null);
      setMessages(result.value.messages);
      setVersions(result.value.versions);
    },
    [setMessages],
  );
  const onShowVersion = useCallback(
    async (messageId: string) => {
      clearError();
      showView(await showVersionAction(id, messageId));
    },
    [id, clearError, showView],
  );
  const onDeleteVersion = useCallback(
    async (messageId: string) => {
      if (!window.confirm("Delete this version and everything after it? This cannot be undone.")) {
        return;
      }
      clearError();
      showView(await deleteBranchAction(id, messageId));
    },
    [id, clearError, showView],
  );

  /**
   * A participant speaks after the last message shown, without a message of the user's
   * (Continue, Continue as, Let them talk, or the next one a message named). The server starts
   * the reply; the page follows it as a reply of its own.
   */
  const continueAs = useCallback(
    async (speaker?: string, queue: string[] = [], after?: string) => {
      // After a reply that just ended, that reply: the page may not have rendered it yet.
      const parentId = after ?? latestMessages.current.at(-1)?.id;
      if (!parentId) return;
      clearError();
      setVersionNotice(null);
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ trigger: "continue", id, parentId, speaker, queue }),
      });
      const body = await response.json().catch(() => undefined);
      if (!response.ok) {
        autoTurns.current = 0;
        setVersionNotice(body?.error?.message ?? `The turn could not start (${response.status}).`);
        return;
      }
      followReply.current = body.replyId;
      await resumeStream();
    },
    [id, clearError, resumeStream],
  );
  const onLetThemTalk = useCallback(() => {
    autoTurns.current = maxAutoTurns - 1;
    continueAs();
  }, [continueAs, maxAutoTurns]);
  afterReply.current = (message, ended) => {
    if (ended) {
      autoTurns.current = 0;
      return;
    }
    // Nobody answers (the manual order): the turn made no reply to show.
    if (message.metadata?.noReply) {
      setMessages((shown) => shown.filter((m) => m.id !== message.id));
      return;
    }
    const next = message.metadata?.next;
    if (next?.[0]) {
      continueAs(next[0], next.slice(1), message.id);
    } else if (autoTurns.current > 0) {
      autoTurns.current--;
      continueAs(undefined, [], message.id);
    }
  };

  const failure = error ? readChatError(error) : undefined;

  // A refused message goes back into the box to be fixed, rather than staying in the list.
  useEffect(() => {
    if (failure?.code !== "invalid-request") return;
    const refused = messages[messages.length - 1];
    if (refused?.role !== "user") return;
    setMessages(messages.slice(0, -1));
    setInput(textOf(refused));
  }, [failure?.code, messages, setMessages]);

  useEffect(() => {
    if (error && last?.role === "assistant") markLastReply("failed");
  }, [error, last?.role, markLastReply]);

  // A long conversation opens on its latest messages; rendering hundreds of Markdown messages
  // first would delay the page by seconds (docs/ui-benchmarks.md). All are still sent each turn.
  const [showAll, setShowAll] = useState(false);
  const firstShown = showAll ? 0 : Math.max(0, messages.length - INITIALLY_SHOWN);
  const lastAssistantIndex = messages.findLastIndex((message) => message.role === "assistant");
  // Past the model's context, the latest reply was written without the oldest messages.
  const memoryStart = messages[lastAssistantIndex]?.metadata?.droppedMessages ?? 0;

  return (
    <main className="chat">
      <header>
        <h1>{title || (messages[0] ? textOf(messages[0]).slice(0, 80) : "New chat")}</h1>
        {modelName && <span className="model-name">Model: {modelName}</span>}
        {(settings || messages.length > 0) && (
          // A new conversation is stored with its first message: its menu appears then.
          <ConversationMenu
            id={id}
            settings={settings ?? NEW_CONVERSATION_SETTINGS}
            onCastSaved={(saved) => setCast(saved.participants.map((p) => p.name))}
          />
        )}
      </header>
      {/* Opens at the bottom without script: see use-stick-to-bottom.ts and .scroller. */}
      <div className="scroller" ref={scroller} onScroll={onScroll}>
        <div className="scroller-content">
          {messages.length === 0 ? (
            <EmptyState onPick={send} />
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
                      ended={endedById[message.id] ?? message.metadata?.ended}
                      streaming={
                        busy && index === messages.length - 1 && message.role === "assistant"
                      }
                      idle={!busy}
                      onEdit={message.role === "user" ? onEdit : undefined}
                      onRegenerate={message.role === "assistant" ? onRegenerate : undefined}
                      versions={versions[message.id]}
                      onShowVersion={onShowVersion}
                      onDeleteVersion={onDeleteVersion}
                      onAnswerTool={
                        index === messages.length - 1 && !busy ? onAnswerTool : undefined
                      }
                    />
                  </Fragment>
                );
              })}
            </ol>
          )}
          {(status === "submitted" || waiting) && (
            <ModelStatusLine status={modelStatus} queuePlace={waiting ? queuePlace : undefined} />
          )}
          {toolNotice && <ErrorBanner message={toolNotice} />}
          {versionNotice && <ErrorBanner message={versionNotice} />}
          {failure && (
            <ErrorBanner
              message={failure.message}
              onRetry={failure.code === "invalid-request" ? undefined : () => onRegenerate()}
            />
          )}
        </div>
      </div>
      {cast.length > 1 && messages.length > 0 && (
        <ParticipantsBar
          participants={cast}
          busy={busy}
          onContinue={continueAs}
          onLetThemTalk={onLetThemTalk}
        />
      )}
      <Composer
        value={input}
        onChange={setInput}
        onSend={() => send(input)}
        onStop={onStop}
        busy={busy}
      />
    </main>
  );
}
