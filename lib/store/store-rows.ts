import {
  branchOf,
  latestLeafUnder,
  messageTree,
  partsOfText,
  textOfParts,
  versionsOf,
} from "@/lib/chat/message";
import { defaultCast } from "@/lib/chat/participants";
import { defaultToolPreferences } from "@/lib/chat/tools";
import type {
  Conversation,
  ConversationTree,
  MessagePatch,
  NewMessage,
  StoredMessage,
} from "./chat-store";
import { ChatStoreError } from "./chat-store-error";
import type { ConversationImport } from "./conversation-import";
import { titleFromMessage } from "./conversation-title";
import { settledImportParts } from "./imported-parts";
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

/**
 * The rows that `importConversation` inserts: new ids (each key mapped, parents before children),
 * `seq` 1…n in the import's order, the current leaf (the import's, else its last message), tool
 * calls settled (imported-parts.ts: none can be answered or run), and missing times set to `at`.
 */
export function importRows(
  ownerId: string,
  data: ConversationImport,
  at: Date,
): { conversation: ConversationRow; messages: StoredMessage[] } {
  const id = newId();
  const ids = new Map<string, string>();
  const createdAt = data.createdAt ?? at;
  const messages = data.messages.map((m, i): StoredMessage => {
    const messageId = newId();
    ids.set(m.key, messageId);
    const parentId = m.parent === null ? null : ids.get(m.parent);
    if (parentId === undefined) {
      throw new ChatStoreError(
        "invalid-parent",
        `Message ${m.key} follows ${m.parent}, which is not before it.`,
      );
    }
    return {
      id: messageId,
      conversationId: id,
      parentId,
      speaker: m.speaker ?? null,
      seq: i + 1,
      role: m.role,
      ...messageContent({ role: m.role, parts: settledImportParts(m.parts) }),
      status: m.status,
      droppedMessages: null,
      createdAt: m.createdAt ?? createdAt,
      updatedAt: m.createdAt ?? createdAt,
    };
  });
  const firstUser = messages.find((m) => m.role === "user");
  const conversation: ConversationRow = {
    id,
    ownerId,
    title: data.title.replace(/\s+/g, " ").trim() || titleFromMessage(firstUser?.content ?? ""),
    systemPrompt: data.systemPrompt,
    model: data.model,
    tools: defaultToolPreferences,
    cast: data.cast ?? defaultCast,
    currentLeafId:
      (data.current === null ? undefined : ids.get(data.current)) ?? messages.at(-1)?.id ?? null,
    lastSeq: messages.length,
    createdAt,
    updatedAt: data.updatedAt ?? at,
  };
  return { conversation, messages };
}

export function withMessages(
  conversation: ConversationRow,
  messages: StoredMessage[],
): ConversationTree {
  return { ...toConversation(conversation), messages };
}

/** A message row to insert, with its parts as the JSON the database keeps. */
export interface MessageInsert {
  message: StoredMessage;
  partsJson: string;
}

/**
 * An import's message rows as multi-row INSERTs: at most `maxRows` rows each (the drivers'
 * bound-parameter limits) and about `maxChars` characters of content and JSON (a longer row goes
 * alone; lib/import cuts a message at CHAT_MAX_IMPORT_MESSAGE_CHARS). Each row's JSON is written
 * as its statement is formed: a caller that takes a turn of the event loop between statements
 * spreads that work too.
 */
export function* importInserts(
  messages: readonly StoredMessage[],
  { maxRows = 1000, maxChars = 1_000_000 }: { maxRows?: number; maxChars?: number } = {},
): Generator<MessageInsert[]> {
  let statement: MessageInsert[] = [];
  let chars = 0;
  for (const message of messages) {
    const partsJson = JSON.stringify(message.parts);
    const rowChars = message.content.length + partsJson.length;
    if (statement.length > 0 && (statement.length === maxRows || chars + rowChars > maxChars)) {
      yield statement;
      statement = [];
      chars = 0;
    }
    statement.push({ message, partsJson });
    chars += rowChars;
  }
  if (statement.length > 0) yield statement;
}

/** Splits rows for multi-row INSERTs that stay under the drivers' bound-parameter limits. */
export function chunks<T>(rows: T[], size = 1000): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) result.push(rows.slice(i, i + size));
  return result;
}

/**
 * What deleting a branch removes (the message and everything below it) and what the conversation
 * shows afterwards: unchanged, unless it showed a message of the branch — then the latest
 * remaining version beside the deleted one (down to its latest leaf), else its parent.
 */
export function branchRemoval(
  conversation: ConversationTree,
  messageId: string,
): { ids: Set<string>; currentLeafId: string | null } | undefined {
  const tree = messageTree(conversation.messages);
  const message = tree.byId.get(messageId);
  if (!message) return undefined;
  const ids = branchOf(tree, messageId);
  const current = conversation.currentLeafId;
  if (current === null || !ids.has(current)) return { ids, currentLeafId: current };
  const sibling = versionsOf(tree, message)
    .filter((version) => version.id !== messageId)
    .at(-1);
  const currentLeafId = sibling
    ? (latestLeafUnder(tree, sibling.id)?.id ?? sibling.id)
    : message.parentId;
  return { ids, currentLeafId };
}

/** A message id that is already taken (the page names its user's messages) is `id-taken`. */
export function uniqueIdError(error: unknown, id: string): unknown {
  const text = [error, (error as { cause?: unknown })?.cause]
    .map((e) => (e instanceof Error ? e.message : String(e)))
    .join(" ");
  if (/UNIQUE constraint failed: messages\.id|messages_pkey/.test(text)) {
    return new ChatStoreError("id-taken", `The message id ${id} is taken.`, { cause: error });
  }
  return error;
}
