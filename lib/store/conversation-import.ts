import type { MessagePart } from "@/lib/chat/message";
import type { Cast } from "@/lib/chat/participants";
import type { MessageStatus } from "./chat-store";

/**
 * A conversation to import, whatever file it came from (our JSON export, ChatGPT's, Claude's or
 * Open WebUI's — lib/import/): a tree of messages, each naming its parent by a key local to the
 * import, and the message it is showing. The store gives everything new ids and takes it whole or
 * not at all.
 */
export interface ConversationImport {
  title: string;
  systemPrompt: string | null;
  model: string | null;
  createdAt?: Date;
  updatedAt?: Date;
  /** Who took part (ours keeps it); default: one participant, `assistant`. */
  cast?: Cast;
  /** Parents before their children. */
  messages: ImportedMessage[];
  /**
   * The files its messages carry (our export keeps them): `key` is what the messages' file parts
   * name. They are read again on import (lib/files/import-files.ts), never trusted as written.
   */
  files?: ImportedFile[];
  /**
   * The key of the message the conversation shows (the leaf of its current branch); `null`: the
   * last message.
   */
  current: string | null;
}

export interface ImportedMessage {
  /** Unique within the import; only `parent` refers to it. */
  key: string;
  /** The key of the message this one follows; `null` for a first message. */
  parent: string | null;
  role: "user" | "assistant";
  /** The participant who wrote it, when the source says. */
  speaker?: string;
  parts: MessagePart[];
  /** Nothing imported is still being written. */
  status: Exclude<MessageStatus, "streaming">;
  createdAt?: Date;
}

export interface ImportedFile {
  /** What the import's file parts name as `fileId`. */
  key: string;
  name: string;
  bytes: Uint8Array;
}
