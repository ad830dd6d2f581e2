"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getModelInfo } from "@/app/actions";
import { type ChatUIMessage, textOf } from "@/lib/chat/chat-ui-message";
import { readChatError } from "@/lib/chat/read-chat-error";
import { Composer } from "./composer";
import { EmptyState } from "./empty-state";
import { ErrorBanner } from "./error-banner";
import { MessageItem } from "./message-item";
import { useStickToBottom } from "./use-stick-to-bottom";

/** The streaming chat: messages, composer, Stop/Regenerate/Edit/Retry. */
export function Chat() {
  const transport = useMemo(
    () => new DefaultChatTransport<ChatUIMessage>({ api: "/api/chat" }),
    [],
  );
  const { id, messages, setMessages, sendMessage, regenerate, stop, status, error, clearError } =
    useChat<ChatUIMessage>({ transport });
  const [input, setInput] = useState("");
  const [modelName, setModelName] = useState<string>();
  const busy = status === "submitted" || status === "streaming";
  const last = messages[messages.length - 1];
  const { ref: scroller, onScroll } = useStickToBottom<HTMLDivElement>(
    `${messages.length}:${last?.parts.length}:${JSON.stringify(last?.parts.at(-1))?.length}`,
  );

  useEffect(() => {
    getModelInfo().then((info) => {
      if (!("error" in info)) setModelName(info.name);
    });
  }, []);

  const markLastReply = useCallback(
    (ended: "stopped" | "failed") =>
      setMessages((current) => {
        const reply = current[current.length - 1];
        if (reply?.role !== "assistant") return current;
        return [...current.slice(0, -1), { ...reply, metadata: { ...reply.metadata, ended } }];
      }),
    [setMessages],
  );

  const onStop = useCallback(async () => {
    // The fetch abort alone would leave the model computing: closing a tab must not lose a
    // reply, so the server stops only when told to.
    await Promise.all([stop(), fetch(`/api/chat/${id}/stop`, { method: "POST" }).catch(() => {})]);
    markLastReply("stopped");
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
    },
    [sendMessage, clearError],
  );

  // Read through a ref so that onEdit keeps its identity while a reply streams, and the
  // memoized messages above the reply do not re-render on every token.
  const latestMessages = useRef(messages);
  latestMessages.current = messages;
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

  const onRegenerate = useCallback(() => {
    clearError();
    regenerate();
  }, [regenerate, clearError]);

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

  const lastAssistantIndex = messages.findLastIndex((message) => message.role === "assistant");

  return (
    <main className="chat">
      <header>
        <h1>Chat</h1>
        {modelName && <span className="model-name">Model: {modelName}</span>}
      </header>
      <div className="scroller" ref={scroller} onScroll={onScroll}>
        {messages.length === 0 ? (
          <EmptyState onPick={send} />
        ) : (
          <ol className="messages" aria-label="Conversation" aria-live="polite">
            {messages.map((message, index) => (
              <MessageItem
                key={message.id}
                message={message}
                streaming={busy && index === messages.length - 1 && message.role === "assistant"}
                idle={!busy}
                onEdit={message.role === "user" ? onEdit : undefined}
                onRegenerate={index === lastAssistantIndex ? onRegenerate : undefined}
              />
            ))}
          </ol>
        )}
        {status === "submitted" && (
          <p className="status" role="status">
            Thinking…
          </p>
        )}
        {failure && (
          <ErrorBanner
            message={failure.message}
            onRetry={failure.code === "invalid-request" ? undefined : onRegenerate}
          />
        )}
      </div>
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
