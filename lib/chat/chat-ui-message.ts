import type { UIMessage } from "ai";
import type { Message } from "./message";
import type { MessagePart } from "./message-parts";

/** What the server tells the page about a reply, beside its text. */
export interface ReplyMetadata {
  /** The model that wrote it. */
  model?: string;
  /** Set by the page when the user pressed Stop or the reply failed part-way. */
  ended?: "stopped" | "failed";
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
}

/**
 * Data the server streams beside a reply, never stored in it (transient parts): `queue` while
 * the reply waits for the local model, every sequence being busy (1 = next).
 */
export type ChatDataParts = {
  queue: { place: number };
};

/** A message as the streaming page holds it (AI SDK UI message with our metadata). */
export type ChatUIMessage = UIMessage<ReplyMetadata, ChatDataParts>;

/** The parts of a message as far as text goes; what arrives from the page is only this sure. */
interface TextualMessage {
  role: string;
  parts: ReadonlyArray<{ type: string; text?: string }>;
}

/** The text of a UI message: its text parts joined. */
export function textOf(message: Pick<TextualMessage, "parts">): string {
  return message.parts.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}

/**
 * The page's messages as role and content, still unchecked: validate-history.ts decides whether
 * they are a valid conversation of the one Message type.
 */
export function toMessages(
  messages: readonly TextualMessage[],
): Array<{ role: string; content: string }> {
  return messages.map((message) => ({ role: message.role, content: textOf(message) }));
}

/**
 * A stored message's parts as the page's UI parts: text, and thinking (done) — the one mapping
 * from the store to the page. Tool calls are not yet shown on the page.
 */
export function toUIParts(parts: readonly MessagePart[]): ChatUIMessage["parts"] {
  return parts.flatMap((part): ChatUIMessage["parts"] => {
    if (part.type === "text") return [{ type: "text", text: part.text }];
    if (part.type === "reasoning") return [{ type: "reasoning", text: part.text, state: "done" }];
    return [];
  });
}

/** How long each thinking block took, for the reply's metadata. */
export function thoughtMsOf(parts: readonly MessagePart[]): number[] | undefined {
  const durations = parts.flatMap((part) =>
    part.type === "reasoning" ? [part.durationMs ?? 0] : [],
  );
  return durations.length > 0 ? durations : undefined;
}

export type { Message };
