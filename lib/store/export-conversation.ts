import type { Message } from "@/lib/chat/message/message";
import type { MessagePart } from "@/lib/chat/message/message-parts";
import type { Cast } from "@/lib/chat/participants/cast";
import type { ConversationTree, MessageStatus } from "./chat-store";
import { currentPathOf } from "./current-path";

/**
 * What `exportConversationJson` writes; `conversationFromOurJson` reads it back. Version 2: the
 * whole tree — every version of every message, each with its parent — and the message shown.
 */
export interface ConversationJson {
  format: "chat-conversation";
  version: 2;
  title: string;
  systemPrompt: string | null;
  model: string | null;
  createdAt: string;
  updatedAt: string;
  cast: Cast;
  messages: (Message & {
    id: string;
    parentId: string | null;
    speaker?: string;
    parts: MessagePart[];
    status: MessageStatus;
    createdAt: string;
  })[];
  currentId: string | null;
}

export function exportConversationJson(conversation: ConversationTree): ConversationJson {
  return {
    format: "chat-conversation",
    version: 2,
    title: conversation.title,
    systemPrompt: conversation.systemPrompt,
    model: conversation.model,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
    cast: conversation.cast,
    messages: conversation.messages.map((m) => ({
      id: m.id,
      parentId: m.parentId,
      ...(m.speaker ? { speaker: m.speaker } : {}),
      role: m.role,
      content: m.content,
      parts: m.parts,
      status: m.status,
      createdAt: m.createdAt.toISOString(),
    })),
    currentId: conversation.currentLeafId,
  };
}

const speaker = { user: "User", assistant: "Assistant" } as const;

/**
 * A readable Markdown transcript of the path the conversation shows: a heading per message, the text as it was written, thinking
 * as a quoted "Thinking" paragraph and each tool call as its name, input and outcome.
 */
export function exportConversationMarkdown(conversation: ConversationTree): string {
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
  for (const message of currentPathOf(conversation)) {
    const note = message.status === "complete" ? "" : ` *(${message.status})*`;
    lines.push("", `## ${message.speaker ?? speaker[message.role]}${note}`);
    for (const part of message.parts) lines.push("", ...markdownOf(part));
  }
  return `${lines.join("\n")}\n`;
}

function markdownOf(part: MessagePart): string[] {
  switch (part.type) {
    case "text":
      return [part.text];
    case "reasoning": {
      const took =
        part.durationMs === undefined ? "" : ` (${Math.round(part.durationMs / 1000)} s)`;
      return [`> **Thinking**${took}`, ...part.text.split("\n").map((line) => `> ${line}`)];
    }
    case "tool": {
      const outcome =
        part.state === "output-available"
          ? ["Output:", "", fenced(part.output)]
          : part.state === "output-error"
            ? [`Failed: ${part.errorText ?? "error"}`]
            : [`(${part.state})`];
      const server = part.server ? ` (${part.server})` : "";
      return [
        `**Tool call: ${part.toolName}**${server}`,
        "",
        "Input:",
        "",
        fenced(part.input),
        "",
        ...outcome,
      ];
    }
  }
}

function fenced(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return ["```json", text ?? "", "```"].join("\n");
}
