import type { Message } from "@/lib/chat/message";
import type { MessagePart } from "@/lib/chat/message-parts";
import type { ToolPreferences } from "@/lib/chat/tool-preferences";
import type { ConversationImport } from "./conversation-import-schema";

/**
 * The storage interface of conversations. Two implementations (sqlite/, postgres/) pass one
 * contract suite (chat-store.contract.ts). Every method that takes an `ownerId` enforces ownership
 * in its query: another owner's conversation or message is indistinguishable from a missing one
 * (`undefined`), so the caller answers 404, never 403.
 */
export interface ChatStore {
  readonly dialect: "sqlite" | "postgres";

  createConversation(input: NewConversation): Promise<Conversation>;
  /** The conversation with its messages in `seq` order. */
  getConversation(ownerId: string, id: string): Promise<ConversationWithMessages | undefined>;
  /** Newest first by `updatedAt`; pass `nextCursor` back as `cursor` for the next page. */
  listConversations(ownerId: string, options?: ListOptions): Promise<ConversationPage>;
  /** Conversations whose title or any message contains `text`, case-insensitively; newest first. */
  searchConversations(
    ownerId: string,
    text: string,
    options?: { limit?: number },
  ): Promise<Conversation[]>;
  renameConversation(ownerId: string, id: string, title: string): Promise<Conversation | undefined>;
  /** `null` means the server's default; a key left out is left as it is. */
  updateConversationSettings(
    ownerId: string,
    id: string,
    settings: ConversationSettings,
  ): Promise<Conversation | undefined>;
  /** Deletes the conversation and its messages; false when there was none to delete. */
  deleteConversation(ownerId: string, id: string): Promise<boolean>;

  /**
   * Appends at the end (`seq` assigned atomically, so concurrent appends keep their order and
   * none is lost) and bumps the conversation's `updatedAt`. The first user message of an untitled
   * conversation gives it its title.
   */
  appendMessage(
    ownerId: string,
    conversationId: string,
    message: NewMessage,
  ): Promise<StoredMessage | undefined>;
  getMessage(ownerId: string, messageId: string): Promise<StoredMessage | undefined>;
  /** For a streaming reply: its partial parts while it streams, then its final parts and status. */
  updateMessage(
    ownerId: string,
    messageId: string,
    patch: MessagePatch,
  ): Promise<StoredMessage | undefined>;
  /**
   * Stop for a reply that another instance is generating: marks the conversation's `streaming`
   * reply `stopped`; that instance sees it at its next write and stops the model (reply-saver.ts).
   * False when no reply of this owner's conversation is streaming.
   */
  stopStreamingReply(ownerId: string, conversationId: string): Promise<boolean>;
  /** Deletes the messages after `seq` (for edit and regenerate); the count, or undefined. */
  truncateAfter(ownerId: string, conversationId: string, seq: number): Promise<number | undefined>;
  /**
   * Marks `streaming` messages as `failed`: at start-up nothing is streaming any more. With
   * `updatedBefore`, only those not updated since (for several instances sharing one database).
   */
  markInterruptedMessages(options?: { updatedBefore?: Date }): Promise<number>;
  /** A new conversation (new ids) from an export; see export-conversation.ts. */
  importConversation(ownerId: string, data: ConversationImport): Promise<ConversationWithMessages>;

  close(): Promise<void>;
}

export const messageStatuses = ["complete", "streaming", "stopped", "failed"] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export interface Conversation {
  id: string;
  ownerId: string;
  /** Empty until the first user message names it. */
  title: string;
  /** `null`: the server's default (CHAT_SYSTEM_PROMPT). */
  systemPrompt: string | null;
  /** `null`: the server's default (CHAT_MODEL). */
  model: string | null;
  /** Which MCP tools are off, and which run without asking (default: all on, all ask). */
  tools: ToolPreferences;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The one Message type, plus where and how it is stored. `parts` are what it is made of (text,
 * thinking, tool calls); `content` is its text parts joined.
 */
export interface StoredMessage extends Message {
  parts: MessagePart[];
  id: string;
  conversationId: string;
  /** Order within the conversation: strictly increasing, never reused. */
  seq: number;
  status: MessageStatus;
  /**
   * For a reply: how many of the conversation's oldest messages the model did not see because
   * they did not fit its context (the page marks where its memory starts); `null` when it saw all.
   */
  droppedMessages: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationWithMessages extends Conversation {
  messages: StoredMessage[];
}

export interface NewConversation {
  ownerId: string;
  /**
   * The page names a new conversation before its first message is stored (16–64 of
   * `A–Z a–z 0–9 _ -`); unset, the store picks one. A taken id throws `id-taken`.
   */
  id?: string;
  title?: string;
  systemPrompt?: string | null;
  model?: string | null;
}

export interface ConversationSettings {
  systemPrompt?: string | null;
  model?: string | null;
  tools?: ToolPreferences;
}

/** A message to append: its parts, or just its text (`content`) for a text message. */
export type NewMessage = Pick<Message, "role"> & {
  /** Default `complete`; a reply being generated starts as `streaming`. */
  status?: MessageStatus;
} & ({ parts: MessagePart[]; content?: never } | { content: string; parts?: never });

export interface MessagePatch {
  /** The message's parts now (its `content` follows). */
  parts?: MessagePart[];
  status?: MessageStatus;
  droppedMessages?: number | null;
}

export interface ListOptions {
  /** 1–200, default 50. */
  limit?: number;
  cursor?: string;
}

export interface ConversationPage {
  conversations: Conversation[];
  /** Absent on the last page. */
  nextCursor?: string;
}
