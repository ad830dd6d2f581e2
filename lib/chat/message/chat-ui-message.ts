import type { DynamicToolUIPart, InferUIMessageChunk, UIMessage } from "ai";
import type { Message } from "./message";
import type { MessagePart, ToolPart } from "./message-parts";

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
  /** The participant who wrote it, in a conversation with several (absent: the one assistant). */
  speaker?: string;
  /** The participants still to answer the same message, in order (the page asks for each). */
  next?: string[];
  /** The user's message was stored and nobody answers it (the manual order): no reply to show. */
  noReply?: boolean;
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
export type ChatUIChunk = InferUIMessageChunk<ChatUIMessage>;

/** The parts of a message as far as text goes; what arrives from the page is only this sure. */
interface TextualMessage {
  role: string;
  parts: ReadonlyArray<{ type: string; text?: string }>;
}

/** The text of a UI message: its text parts joined. */
export function textOf(message: Pick<TextualMessage, "parts">): string {
  return message.parts.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}

/** What the page shows for a call that ended without a result. */
export const INTERRUPTED_CALL = "Interrupted: the reply stopped before this call returned.";

/**
 * A stored message's parts as the page's UI parts — the one mapping from the store to the page:
 * text, thinking (done), and each tool call as a dynamic tool part in its state; a step starts
 * after a reply's tool calls, as in the SDK's own stream. A call stored `running` is running only
 * while its reply is `live`; otherwise the server stopped before it returned.
 */
export function toUIParts(
  parts: readonly MessagePart[],
  { live = false }: { live?: boolean } = {},
): ChatUIMessage["parts"] {
  return parts.flatMap((part, position): ChatUIMessage["parts"] => {
    const step: ChatUIMessage["parts"] =
      parts[position - 1]?.type === "tool" && part.type !== "tool" ? [{ type: "step-start" }] : [];
    if (part.type === "text") return [...step, { type: "text", text: part.text }];
    if (part.type === "reasoning") {
      return [...step, { type: "reasoning", text: part.text, state: "done" }];
    }
    return [...step, toolUIPart(part, live)];
  });
}

function toolUIPart(part: ToolPart, live: boolean): DynamicToolUIPart {
  const call = {
    type: "dynamic-tool" as const,
    toolCallId: part.toolCallId,
    toolName: part.toolName,
    input: part.input,
    ...(part.server ? { title: part.server } : {}),
  };
  switch (part.state) {
    case "approval-requested":
      return { ...call, state: "approval-requested", approval: { id: part.approvalId ?? "" } };
    case "running":
      return live
        ? { ...call, state: "input-available" }
        : { ...call, state: "output-error", errorText: INTERRUPTED_CALL };
    case "output-available":
      return { ...call, state: "output-available", output: part.output };
    case "output-error":
      return { ...call, state: "output-error", errorText: part.errorText ?? "The call failed." };
    case "output-denied":
      return {
        ...call,
        state: "output-denied",
        approval: { id: part.approvalId ?? "", approved: false },
      };
    case "interrupted":
      return { ...call, state: "output-error", errorText: INTERRUPTED_CALL };
  }
}

/**
 * A reply's stored parts as the stream chunks that build them, for a page that reloads while a
 * reply continues after an approval: it replays these, then the continuation's own chunks.
 */
export function toUIChunks(messageId: string, parts: readonly MessagePart[]): ChatUIChunk[] {
  const chunks: ChatUIChunk[] = [{ type: "start", messageId }];
  for (const [position, part] of parts.entries()) {
    const id = `${messageId}-${position}`;
    if (parts[position - 1]?.type === "tool" && part.type !== "tool") {
      chunks.push({ type: "finish-step" }, { type: "start-step" });
    }
    if (part.type === "text" || part.type === "reasoning") {
      const kind = part.type;
      chunks.push(
        { type: `${kind}-start`, id },
        { type: `${kind}-delta`, id, delta: part.text },
        { type: `${kind}-end`, id },
      );
      continue;
    }
    const { toolCallId } = part;
    chunks.push({
      type: "tool-input-available",
      toolCallId,
      toolName: part.toolName,
      input: part.input,
      dynamic: true,
      ...(part.server ? { title: part.server } : {}),
    });
    if (part.approvalId) {
      const { approvalId } = part;
      chunks.push({ type: "tool-approval-request", approvalId, toolCallId });
      // Answered: allowed (running or done) or refused.
      if (part.state !== "approval-requested") {
        const approved = part.state !== "output-denied";
        chunks.push({ type: "tool-approval-response", approvalId, approved });
      }
    }
    if (part.state === "output-available") {
      chunks.push({
        type: "tool-output-available",
        toolCallId,
        output: part.output,
        dynamic: true,
      });
    } else if (part.state === "output-error" || part.state === "interrupted") {
      const errorText = part.errorText ?? INTERRUPTED_CALL;
      chunks.push({ type: "tool-output-error", toolCallId, errorText, dynamic: true });
    } else if (part.state === "output-denied") {
      chunks.push({ type: "tool-output-denied", toolCallId });
    }
  }
  return chunks;
}

/** How long each thinking block took, for the reply's metadata. */
export function thoughtMsOf(parts: readonly MessagePart[]): number[] | undefined {
  const durations = parts.flatMap((part) =>
    part.type === "reasoning" ? [part.durationMs ?? 0] : [],
  );
  return durations.length > 0 ? durations : undefined;
}

export type { Message };
