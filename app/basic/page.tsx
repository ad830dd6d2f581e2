"use client";

import { useEffect, useState } from "react";
import { MessageForm } from "@/components/message-form";
import { MessageList } from "@/components/message-list";
import { ModelStatusLine } from "@/components/model-status-line";
import type { ModelStatus } from "@/lib/models/model-status";
import { continueConversation, getModelInfo, type Message } from "../actions";

export const dynamic = "force-dynamic";
export const maxDuration = 30;

const STATUS_POLL_MS = 500;

/**
 * The reference example kept as it was: the whole history goes to the `continueConversation`
 * server action and the reply comes back in one piece. The streaming chat is at `/`.
 */
export default function BasicChat() {
  const [conversation, setConversation] = useState<Message[]>([]);
  const [input, setInput] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [modelName, setModelName] = useState<string | null>(null);
  const [modelStatus, setModelStatus] = useState<ModelStatus>();

  useEffect(() => {
    getModelInfo().then((info) => {
      if ("error" in info) setError(info.error);
      else setModelName(info.name);
    });
  }, []);

  // While a reply is pending, follow the local model's download/load progress.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(async () => {
      const info = await getModelInfo().catch(() => undefined);
      if (info && !("error" in info)) setModelStatus(info.status);
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [pending]);

  async function send() {
    const text = input;
    if (pending || text.trim() === "") return;
    const history: Message[] = [...conversation, { role: "user", content: text }];
    setConversation(history);
    setInput("");
    setError(null);
    setPending(true);
    try {
      const result = await continueConversation(history);
      if ("error" in result) {
        restore(text, result.error.message);
      } else {
        setConversation(result.messages);
      }
    } catch {
      restore(text, "The server could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  /** A failed turn takes its message back out of the list and puts the text back in the box. */
  function restore(text: string, message: string) {
    setConversation(conversation);
    setInput(text);
    setError(message);
  }

  return (
    <main>
      <header>
        <h1>Chat</h1>
        {modelName && <span>Model: {modelName}</span>}
      </header>
      <MessageList messages={conversation} />
      {pending && <ModelStatusLine status={modelStatus} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <MessageForm value={input} onChange={setInput} onSend={send} busy={pending} />
    </main>
  );
}
