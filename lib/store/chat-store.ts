import type { Message, MessagePart } from "@/lib/chat/message";
import type { Cast } from "@/lib/chat/participants";
import type { ToolPreferences } from "@/lib/chat/tools";
import type { AccountsStore } from "./accounts-store";
import type { ConversationImport } from "./conversation-import";
import type { NewFile, StoredFile, StoredFileInfo } from "./stored-file";
import type {
  FileChunkMatch,
  FileChunkSetVersion,
  FileChunkVector,
  NewFileChunk,
  StoredFileChunk,
} from "./stored-file-chunk";
import type { StoredResponse, StoredResponseItem } from "./stored-response";

/**
 * The storage interface of conversations. Two implementations (sqlite/, postgres/) pass one
 * contract suite (chat-store.contract.ts). Every method that takes an `ownerId` enforces ownership
 * in its query: another owner's conversation or message is indistinguishable from a missing one
 * (`undefined`), so the caller answers 404, never 403.
 */
export interface ChatStore extends AccountsStore {
  readonly dialect: "sqlite" | "postgres";

  createConversation(input: NewConversation): Promise<Conversation>;
  /**
   * The conversation with every message of its tree (every version), in `seq` order; the path it
   * shows is `currentPathOf` (lib/store/current-path.ts).
   */
  getConversation(ownerId: string, id: string): Promise<ConversationTree | undefined>;
  /** The conversation alone (title, settings, current leaf), without reading its messages. */
  getConversationInfo(ownerId: string, id: string): Promise<Conversation | undefined>;
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
    settings: ConversationSettingsPatch,
  ): Promise<Conversation | undefined>;
  /** Deletes the conversation and its messages; false when there was none to delete. */
  deleteConversation(ownerId: string, id: string): Promise<boolean>;

  /**
   * Adds a message under `parentId` (default: the current leaf; `null`: a new first message, e.g.
   * an edit of the first one) and makes it the current leaf. `seq` is assigned atomically, so
   * concurrent appends keep their order and none is lost; the conversation's `updatedAt` is bumped.
   * The first user message of an untitled conversation gives it its title. A parent that is not a
   * message of this conversation throws `invalid-parent`; an id already taken, `id-taken`.
   */
  appendMessage(
    ownerId: string,
    conversationId: string,
    message: NewMessage,
  ): Promise<StoredMessage | undefined>;
  getMessage(ownerId: string, messageId: string): Promise<StoredMessage | undefined>;
  /**
   * For a streaming reply: its partial parts while it streams, then its final parts and status.
   * With `ifStatus`, only when the message has that status now (a compare-and-set: of two requests
   * that read the same reply, one wins); undefined when it has another.
   */
  updateMessage(
    ownerId: string,
    messageId: string,
    patch: MessagePatch,
    options?: { ifStatus?: MessageStatus },
  ): Promise<StoredMessage | undefined>;
  /**
   * Stop for a reply that another instance is generating: marks the conversation's `streaming`
   * reply `stopped`; that instance sees it at its next write and stops the model (reply-saver.ts).
   * False when no reply of this owner's conversation is streaming.
   */
  stopStreamingReply(ownerId: string, conversationId: string): Promise<boolean>;
  /** Shows the path to `messageId` (a version switch); undefined when it is not in the conversation. */
  setCurrentLeaf(
    ownerId: string,
    conversationId: string,
    messageId: string,
  ): Promise<Conversation | undefined>;
  /**
   * Deletes the message and everything below it (a branch); if the conversation showed it, it
   * then shows the latest remaining version beside it (or its parent). The count, or undefined.
   */
  deleteBranch(
    ownerId: string,
    conversationId: string,
    messageId: string,
  ): Promise<number | undefined>;
  /**
   * Marks `streaming` messages as `failed`: at start-up nothing is streaming any more. With
   * `updatedBefore`, only those not updated since (for several instances sharing one database).
   */
  markInterruptedMessages(options?: { updatedBefore?: Date }): Promise<number>;
  /**
   * A new conversation (new ids), its tree whole or nothing, for every reader and on failure; see
   * conversation-import.ts. A large one is written in several statements, one per turn of the
   * event loop, so that storing it never holds up other requests for long.
   */
  importConversation(ownerId: string, data: ConversationImport): Promise<ConversationTree>;

  /**
   * Keeps a file (its bytes and readable text) in an owner's conversation; undefined when the
   * conversation is not theirs. Deleted with the conversation (docs/decisions/0011-…).
   */
  saveFile(
    ownerId: string,
    conversationId: string,
    file: NewFile,
  ): Promise<StoredFileInfo | undefined>;
  /** The owner's files among `ids`, with text and bytes, in no particular order; others are absent. */
  getFiles(ownerId: string, ids: readonly string[]): Promise<StoredFile[]>;
  /** A conversation's files (sent or not), oldest first, without their text and bytes. */
  listFiles(ownerId: string, conversationId: string): Promise<StoredFileInfo[]>;
  /** Deletes one file (an attachment removed before sending); false when there was none. */
  deleteFile(ownerId: string, id: string): Promise<boolean>;
  /** The bytes of all the owner's files: what the per-owner limit counts. */
  fileBytesOf(ownerId: string): Promise<number>;

  /** Keeps a finished response of `/v1/responses` with its items; a taken id throws `id-taken`. */
  saveResponse(response: StoredResponse): Promise<void>;
  getResponse(ownerId: string, id: string): Promise<StoredResponse | undefined>;
  /**
   * The response and the ones it continues, oldest first (the last is `id`): what a
   * `previous_response_id` continues. When a response of the chain was deleted (or is another
   * owner's) the chain starts after it, and its first response's `previousResponseId` names it.
   */
  getResponseChain(ownerId: string, id: string): Promise<StoredResponse[] | undefined>;
  /** Deletes the response and its items; false when there was none. Its continuations stay. */
  deleteResponse(ownerId: string, id: string): Promise<boolean>;
  /** Items of this owner's stored responses by id (what `item_reference`s name); missing ones are absent. */
  findResponseItems(
    ownerId: string,
    itemIds: readonly string[],
  ): Promise<Map<string, StoredResponseItem>>;

  /**
   * A file's passages for retrieval (lib/retrieval), replacing any it had; false when the file
   * is not the owner's. They go with the file (and the file with its conversation).
   */
  saveFileChunks(
    ownerId: string,
    fileId: string,
    chunks: readonly NewFileChunk[],
  ): Promise<boolean>;
  /** How many chunks each of these files of the owner has; a file without any is absent. */
  countFileChunks(ownerId: string, fileIds: readonly string[]): Promise<Map<string, number>>;
  /** Changes with every change to the conversation's chunks (see FileChunkSetVersion). */
  fileChunkSetVersion(ownerId: string, conversationId: string): Promise<FileChunkSetVersion>;
  /** Every chunk vector of the conversation: what exact similarity search reads (and caches). */
  fileChunkVectors(ownerId: string, conversationId: string): Promise<FileChunkVector[]>;
  /** Chunks of the conversation containing any of `words`, best match first. */
  matchFileChunks(
    ownerId: string,
    conversationId: string,
    words: readonly string[],
    options: { fileIds?: readonly string[]; limit: number },
  ): Promise<FileChunkMatch[]>;
  /** The owner's chunks among `ids`, in no particular order; others are absent. */
  getFileChunks(ownerId: string, ids: readonly number[]): Promise<StoredFileChunk[]>;

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
  /** The last message of the path the conversation shows; `null` while it has none. */
  currentLeafId: string | null;
  /** Who takes part and who speaks when (default: one participant, `assistant`). */
  cast: Cast;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The one Message type, plus where and how it is stored. `parts` are what it is made of (text,
 * thinking, tool calls); `content` is its text parts joined.
 */
export interface StoredMessage extends Omit<Message, "name"> {
  parts: MessagePart[];
  id: string;
  conversationId: string;
  /** The message this one follows; `null` for a first message (lib/chat/message-tree.ts). */
  parentId: string | null;
  /**
   * The participant who wrote it (an assistant message); `null` for the user's, and before casts.
   * (The seed's `Message` calls it `name`, as OpenAI's messages do.)
   */
  speaker: string | null;
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

/** A conversation and every message of its tree, in `seq` order. */
export interface ConversationTree extends Conversation {
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

export interface ConversationSettingsPatch {
  systemPrompt?: string | null;
  model?: string | null;
  tools?: ToolPreferences;
  cast?: Cast;
}

/** A message to append: its parts, or just its text (`content`) for a text message. */
export type NewMessage = Pick<Message, "role"> & {
  /** Default `complete`; a reply being generated starts as `streaming`. */
  status?: MessageStatus;
  /** Default: the current leaf. `null`: a first message. */
  parentId?: string | null;
  /** The participant writing it (an assistant message). */
  speaker?: string | null;
  /** The page names its user's messages (16-64 of `A-Z a-z 0-9 _ -`); unset, the store picks. */
  id?: string;
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
