import type { InferUIMessageChunk, UIMessage } from "ai";
import type { ConversationSummary, MessageVersions } from "@/lib/chat/conversation";
import type { MessageStatus } from "@/lib/store";
import type { FilePart, MessagePart } from "./message-parts";
import type { ReplySource } from "./reply-sources";

/** What the server tells the page about a reply, beside its text. */
export interface ReplyMetadata {
  /** The model that wrote it. */
  model?: string;
  /** The user pressed Stop, or the reply failed part-way (set by the page, or from the store). */
  ended?: EndedReply;
  usage?: { inputTokens: number; outputTokens: number; cachedInputTokens: number };
  /** From the server receiving the request to the first token of the reply. */
  timeToFirstTokenMs?: number;
  tokensPerSecond?: number;
  /**
   * The conversation did not fit the local model's context: this many of its oldest messages
   * were left out of what the model saw (the system prompt and the newest turns were kept).
   */
  droppedMessages?: number;
  /** How long each of the reply's thinking blocks took, in order ("Thought for N s"). */
  thoughtMs?: number[];
  /** The participant who wrote it, in a conversation with several (absent: the one assistant). */
  speaker?: string;
  /** The participants still to answer the same message, in order (the page asks for each). */
  next?: string[];
  /** The passages of the conversation's files the reply was given, as numbered for `[n]`. */
  sources?: ReplySource[];
  /** Attached files the model could not take (images, to a model that cannot see): named. */
  unseenFiles?: string[];
}

export type EndedReply = "stopped" | "failed";

/**
 * Data the server streams beside a reply, never stored in it (transient parts):
 * - `queue`: while the reply waits for the local model, every sequence being busy (1 = next);
 * - `turn`: once the turn is stored, what the page shows around it — the versions of the messages
 *   on the conversation's path, and the conversation as the sidebar lists it — so that a turn is
 *   one request.
 * And one kept in a message: `file`, a file the user attached (a stored `file` part, shown as a
 * chip; its id is the file's).
 */
export type ChatDataParts = {
  queue: { place: number };
  turn: TurnData;
  file: FilePart;
};

export interface TurnData {
  /** By message id, for the messages of the path that have other versions. */
  versions: Record<string, MessageVersions>;
  conversation: ConversationSummary;
}

/** A message as the streaming page holds it (AI SDK UI message with our metadata). */
export type ChatUIMessage = UIMessage<ReplyMetadata, ChatDataParts>;
export type ChatUIChunk = InferUIMessageChunk<ChatUIMessage>;

/** The text of a UI message: its text parts joined. */
export function textOf(message: { parts: ReadonlyArray<{ type: string; text?: string }> }): string {
  return message.parts.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}

/** How a stored reply ended, as the page shows it; undefined for one complete or still going. */
export function endedOf(status: MessageStatus): EndedReply | undefined {
  return status === "stopped" || status === "failed" ? status : undefined;
}

/** How long each thinking block took, for the reply's metadata. */
export function thoughtMsOf(parts: readonly MessagePart[]): number[] | undefined {
  const durations = parts.flatMap((part) =>
    part.type === "reasoning" ? [part.durationMs ?? 0] : [],
  );
  return durations.length > 0 ? durations : undefined;
}

/** The files a stored reply's model could not take (its `unseen-files` part), if any. */
export function unseenFilesOf(parts: readonly MessagePart[]): string[] | undefined {
  const part = parts.find((candidate) => candidate.type === "unseen-files");
  return part?.type === "unseen-files" ? part.names : undefined;
}

/** The passages a stored reply was given (its `sources` part), if any. */
export function sourcesOf(parts: readonly MessagePart[]): ReplySource[] | undefined {
  const part = parts.find((candidate) => candidate.type === "sources");
  return part?.type === "sources" && part.sources.length > 0 ? part.sources : undefined;
}
