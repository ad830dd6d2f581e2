"use client";

import { Chat, useChat } from "@ai-sdk/react";
import { lastAssistantMessageIsCompleteWithApprovalResponses } from "ai";
import { useCallback, useEffect, useState } from "react";
import { type ReadChatError, readChatError } from "@/lib/chat/error";
import {
  type ChatUIMessage,
  type EndedReply,
  type FilePart,
  type TurnData,
  textOf,
} from "@/lib/chat/message";
import { type ChatRequestInput, type ContinueBody, PageChatTransport } from "@/lib/chat/request";
import { announceConversation } from "./conversations-changed";
import { createDraft } from "./draft";

/** A reply that has just ended, and whether it ended by itself. */
export interface FinishedReply {
  message: ChatUIMessage;
  /** Stopped, failed or cut off rather than complete. */
  ended: boolean;
}

export interface ChatTurnsOptions {
  /** The conversation's id; a new conversation is stored under it with its first message. */
  id: string;
  initialMessages: ChatUIMessage[];
  /** A reply is still being generated on the server: follow it. */
  resume: boolean;
  /** A refused message's files, given back to the box with its text. */
  onRefusedFiles?: (files: FilePart[]) => void;
}

/**
 * The conversation's turns on the page: the AI SDK's `Chat` over our transport (only what is new
 * goes to the server), what the user types, and what each turn brings beside its reply — the
 * queue place while the local model is busy, the turn's data (versions, the sidebar's entry),
 * how replies of this visit ended. A refused message goes back into the box.
 */
export function useChatTurns({ id, initialMessages, resume, onRefusedFiles }: ChatTurnsOptions) {
  const [turnData, setTurnData] = useState<TurnData>();
  const [finished, setFinished] = useState<FinishedReply>();
  const [queuePlace, setQueuePlace] = useState<number>();
  // How replies of this visit ended, by message id. Kept beside the messages, not in them: the
  // SDK may still write the stopped message once more after stop() returns.
  const [endedById, setEndedById] = useState<Record<string, EndedReply>>({});
  // What is typed in the box: outside React state, so that a keystroke re-renders the composer
  // alone, not the page and its messages (hooks/draft.ts).
  const [draft] = useState(() => createDraft());
  const [chat] = useState(
    () =>
      new Chat<ChatUIMessage>({
        id,
        messages: initialMessages,
        transport: new PageChatTransport(),
        // Once every waiting tool call has the user's answer, the reply goes on (the server
        // reads only the answers from what is sent).
        sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
        onData: (part) => {
          if (part.type === "data-queue") setQueuePlace(part.data.place);
          if (part.type === "data-turn") {
            setTurnData(part.data);
            announceConversation(part.data.conversation);
          }
        },
        onFinish: ({ message, isAbort, isError }) =>
          setFinished({ message, ended: isAbort || isError }),
      }),
  );
  const { messages, status, error, clearError, setMessages } = useChat({ chat, resume });
  // The Chat is ours, not useChat's: stop its request when the page leaves the conversation.
  useEffect(() => () => void chat.stop(), [chat]);
  useEffect(() => {
    if (status === "submitted") setQueuePlace(undefined);
  }, [status]);

  const busy = status === "submitted" || status === "streaming";
  const last = messages.at(-1);
  const failure: ReadChatError | undefined = error ? readChatError(error) : undefined;

  const markLastReply = useCallback(
    (ended: EndedReply) => {
      const reply = chat.lastMessage;
      if (reply?.role === "assistant") setEndedById((known) => ({ ...known, [reply.id]: ended }));
    },
    [chat],
  );

  // A refused message goes back into the box to be fixed, rather than staying in the list.
  useEffect(() => {
    if (!failure?.refused || chat.lastMessage?.role !== "user") return;
    const refused = chat.lastMessage;
    chat.messages = chat.messages.slice(0, -1);
    draft.set(textOf(refused));
    const files = filesOf(refused);
    if (files.length > 0) onRefusedFiles?.(files);
  }, [failure?.refused, chat, draft, onRefusedFiles]);

  useEffect(() => {
    if (error && last?.role === "assistant") markLastReply("failed");
  }, [error, last?.role, markLastReply]);

  /** The user's message; `model` (a choice id) is a new conversation's, picked before it. */
  const send = useCallback(
    (text: string, files: readonly FilePart[] = [], model?: string | null) => {
      chat.clearError();
      draft.set("");
      chat.sendMessage(messageOf(text, files), model ? { body: { model } } : undefined);
      // A new conversation gets its own URL as soon as its first message is on its way.
      if (window.location.pathname !== `/c/${id}`) {
        window.history.replaceState(null, "", `/c/${id}`);
      }
    },
    [chat, draft, id],
  );

  /**
   * A new version of a user's message: what followed it is replaced by the new reply. It carries
   * the files given (the edit form's), else those of the version it replaces.
   */
  const edit = useCallback(
    (messageId: string, text: string, files?: readonly FilePart[]) => {
      const index = chat.messages.findIndex((message) => message.id === messageId);
      const edited = chat.messages[index];
      if (!edited) return;
      chat.clearError();
      chat.messages = chat.messages.slice(0, index);
      chat.sendMessage(messageOf(text, files ?? filesOf(edited)));
    },
    [chat],
  );

  /** A new version of a reply (the last one when none is named), beside the others. */
  const regenerate = useCallback(
    (messageId?: string) => {
      chat.clearError();
      const speaker = chat.messages.find((m) => m.id === messageId)?.metadata?.speaker;
      chat.regenerate(
        messageId === undefined
          ? undefined
          : { messageId, ...(speaker ? { body: { speaker } } : {}) },
      );
    },
    [chat],
  );

  /** A participant's turn without a message of the user's: a new reply, followed as it streams. */
  const continueTurn = useCallback(
    (request: Extract<ChatRequestInput, { trigger: "continue" }>) => {
      chat.clearError();
      const body: ContinueBody = { continue: request };
      return chat.resumeStream({ body });
    },
    [chat],
  );

  const stop = useCallback(async () => {
    // The fetch abort alone would leave the model computing: the server stops when told to.
    markLastReply("stopped");
    await Promise.all([
      chat.stop(),
      fetch(`/api/chat/${id}/stop`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }).catch(() => {}),
    ]);
  }, [chat, id, markLastReply]);

  // Where the reply waits for the local model; shown only until its first text.
  const waiting =
    busy &&
    queuePlace !== undefined &&
    !(last?.role === "assistant" && last.parts.some((part) => part.type === "text" && part.text));

  return {
    chat,
    messages,
    setMessages,
    status,
    busy,
    failure,
    clearError,
    draft,
    queuePlace: waiting ? queuePlace : undefined,
    endedById,
    turnData,
    finished,
    send,
    edit,
    regenerate,
    continueTurn,
    stop,
  };
}

export type ChatTurns = ReturnType<typeof useChatTurns>;

/** A user's message as `useChat` sends it: its files (data parts) before its text. */
function messageOf(text: string, files: readonly FilePart[]) {
  if (files.length === 0) return { text };
  return {
    parts: [
      ...files.map((data) => ({ type: "data-file" as const, id: data.fileId, data })),
      ...(text === "" ? [] : [{ type: "text" as const, text }]),
    ],
  };
}

function filesOf(message: ChatUIMessage): FilePart[] {
  return message.parts.flatMap((part) => (part.type === "data-file" ? [part.data] : []));
}
