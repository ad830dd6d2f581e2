import { partsOfText, textOfParts } from "@/lib/chat/message-parts";
import { defaultToolPreferences } from "@/lib/chat/tool-preferences";
import type {
  Conversation,
  ConversationWithMessages,
  MessagePatch,
  NewMessage,
  StoredMessage,
} from "./chat-store";
import type { ConversationImport } from "./conversation-import-schema";
import { titleFromMessage } from "./conversation-title";
import { newId } from "./new-id";

/** A conversation row as both dialects' schemas return it. */
export interface ConversationRow extends Conversation {
  lastSeq: number;
}

export function toConversation({ lastSeq: _, ...conversation }: ConversationRow): Conversation {
  return conversation;
}

/** A new message's parts and the text they hold, as both dialects store them. */
export function messageContent(message: NewMessage): Pick<StoredMessage, "content" | "parts"> {
  const parts = message.parts ?? partsOfText(message.content ?? "");
  return { parts, content: textOfParts(parts) };
}

/** A patch's columns: new parts bring their text along. */
export function patchColumns({ parts, status, droppedMessages }: MessagePatch) {
  return {
    ...(parts ? { parts, content: textOfParts(parts) } : {}),
    status,
    droppedMessages,
  };
}

/** The rows that `importConversation` inserts: new ids, `seq` 1…n, missing times set to `at`. */
export function importRows(
  ownerId: string,
  data: ConversationImport,
  at: Date,
): { conversation: ConversationRow; messages: StoredMessage[] } {
  const id = newId();
  const firstUser = data.messages.find((m) => m.role === "user");
  const createdAt = data.createdAt ?? at;
  const conversation: ConversationRow = {
    id,
    ownerId,
    title: data.title.replace(/\s+/g, " ").trim() || titleFromMessage(firstUser?.content ?? ""),
    systemPrompt: data.systemPrompt,
    model: data.model,
    tools: defaultToolPreferences,
    lastSeq: data.messages.length,
    createdAt,
    updatedAt: data.updatedAt ?? at,
  };
  const messages = data.messages.map((m, i) => ({
    id: newId(),
    conversationId: id,
    seq: i + 1,
    role: m.role,
    ...messageContent(
      m.parts ? { role: m.role, parts: m.parts } : { role: m.role, content: m.content },
    ),
    status: m.status,
    droppedMessages: null,
    createdAt: m.createdAt ?? createdAt,
    updatedAt: m.createdAt ?? createdAt,
  }));
  return { conversation, messages };
}

export function withMessages(
  conversation: ConversationRow,
  messages: StoredMessage[],
): ConversationWithMessages {
  return { ...toConversation(conversation), messages };
}

/** Splits rows for multi-row INSERTs that stay under the drivers' bound-parameter limits. */
export function chunks<T>(rows: T[], size = 1000): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) result.push(rows.slice(i, i + size));
  return result;
}
