import type { Message, MessagePart } from "@/lib/chat/message";
import type { Cast } from "@/lib/chat/participants";
import type { ConversationTree, MessageStatus, StoredFile } from "@/lib/store";

/**
 * Our own export format, as "Export JSON" writes it; our-export-reader.ts reads it back. Version 2: the
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
  /** The files its messages carry (their `file` parts name the `id`), bytes in base64. */
  files?: ExportedFile[];
}

export interface ExportedFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  pages: number | null;
  base64: string;
}

/** The conversation as our JSON; with `files`, those its messages carry go with it. */
export function exportConversationJson(
  conversation: ConversationTree,
  files: readonly StoredFile[] = [],
): ConversationJson {
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
    ...(files.length > 0
      ? {
          files: files.map((file) => ({
            id: file.id,
            name: file.name,
            mediaType: file.mediaType,
            size: file.size,
            sha256: file.sha256,
            pages: file.pages,
            base64: Buffer.from(file.bytes).toString("base64"),
          })),
        }
      : {}),
  };
}
