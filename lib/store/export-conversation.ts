import type { Message } from "@/lib/chat/message";
import type { ConversationWithMessages, MessageStatus } from "./chat-store";

/** What `exportConversationJson` writes; `conversationImportSchema` reads it back. */
export interface ConversationJson {
  format: "chat-conversation";
  version: 1;
  title: string;
  systemPrompt: string | null;
  model: string | null;
  createdAt: string;
  updatedAt: string;
  messages: (Message & { status: MessageStatus; createdAt: string })[];
}

export function exportConversationJson(conversation: ConversationWithMessages): ConversationJson {
  return {
    format: "chat-conversation",
    version: 1,
    title: conversation.title,
    systemPrompt: conversation.systemPrompt,
    model: conversation.model,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
    messages: conversation.messages.map((m) => ({
      role: m.role,
      content: m.content,
      status: m.status,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

const speaker = { user: "User", assistant: "Assistant" } as const;

/** A readable Markdown transcript: a heading per message, the text as it was written. */
export function exportConversationMarkdown(conversation: ConversationWithMessages): string {
  const lines = [`# ${conversation.title || "Untitled conversation"}`, ""];
  lines.push(`- Created: ${conversation.createdAt.toISOString()}`);
  if (conversation.model !== null) lines.push(`- Model: ${conversation.model}`);
  if (conversation.systemPrompt !== null) {
    lines.push(
      "- System prompt:",
      "",
      ...conversation.systemPrompt.split("\n").map((l) => `  > ${l}`),
    );
  }
  for (const message of conversation.messages) {
    const note = message.status === "complete" ? "" : ` *(${message.status})*`;
    lines.push("", `## ${speaker[message.role]}${note}`, "", message.content);
  }
  return `${lines.join("\n")}\n`;
}
