import type { DynamicToolUIPart } from "ai";
import type { StoredMessage } from "@/lib/store";
import {
  type ChatUIChunk,
  type ChatUIMessage,
  endedOf,
  type ReplyMetadata,
  sourcesOf,
  thoughtMsOf,
  unseenFilesOf,
} from "./chat-ui-message";
import { type MessagePart, startsStep, type ToolPart } from "./message-parts";

/**
 * The one mapping from the store to the page: a stored message as a UI message (for a page
 * load), and a stored reply's parts as the stream chunks that build them (for a page following a
 * reply that continues after the user answered its tool calls).
 */

/** What the page shows for a call that ended without a result. */
export const INTERRUPTED_CALL = "Interrupted: the reply stopped before this call returned.";

/**
 * A stored message as the page holds it. A reply stored `streaming` that is not followed here is
 * shown as it stands (another instance writes it, or was writing it).
 */
export function toUIMessage(message: StoredMessage): ChatUIMessage {
  const ended = endedOf(message.status);
  const thoughtMs = thoughtMsOf(message.parts);
  const sources = sourcesOf(message.parts);
  const unseenFiles = unseenFilesOf(message.parts);
  const metadata: ReplyMetadata = {
    ...(ended && { ended }),
    ...(message.droppedMessages && { droppedMessages: message.droppedMessages }),
    ...(thoughtMs && { thoughtMs }),
    ...(message.speaker && { speaker: message.speaker }),
    ...(sources && { sources }),
    ...(unseenFiles && { unseenFiles }),
  };
  return {
    id: message.id,
    role: message.role,
    parts: toUIParts(message.parts),
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  };
}

/**
 * Stored parts as the page's UI parts: text, thinking (done), and each tool call as a dynamic
 * tool part in its state; a step starts after a reply's tool calls, as in the SDK's own stream. A
 * call stored `running` is running only while its reply is `live`; otherwise the server stopped
 * before it returned.
 */
export function toUIParts(
  parts: readonly MessagePart[],
  { live = false }: { live?: boolean } = {},
): ChatUIMessage["parts"] {
  return parts.flatMap((part, position): ChatUIMessage["parts"] => {
    const step: ChatUIMessage["parts"] = startsStep(parts, position)
      ? [{ type: "step-start" }]
      : [];
    if (part.type === "text") return [...step, { type: "text", text: part.text }];
    if (part.type === "reasoning") {
      return [...step, { type: "reasoning", text: part.text, state: "done" }];
    }
    // Shown from the metadata (sourcesOf, unseenFilesOf).
    if (part.type === "sources" || part.type === "unseen-files") return step;
    if (part.type === "file") return [...step, { type: "data-file", id: part.fileId, data: part }];
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
 * A reply's stored parts as the stream chunks that build them, from its `start`: a page that
 * reloads while a reply continues after an approval replays these, then the continuation's own.
 */
export function toUIChunks(messageId: string, parts: readonly MessagePart[]): ChatUIChunk[] {
  const chunks: ChatUIChunk[] = [{ type: "start", messageId }];
  for (const [position, part] of parts.entries()) {
    const id = `${messageId}-${position}`;
    if (startsStep(parts, position)) chunks.push({ type: "finish-step" }, { type: "start-step" });
    if (part.type === "text" || part.type === "reasoning") {
      const kind = part.type;
      chunks.push(
        { type: `${kind}-start`, id },
        { type: `${kind}-delta`, id, delta: part.text },
        { type: `${kind}-end`, id },
      );
      continue;
    }
    if (part.type === "sources") {
      chunks.push({ type: "message-metadata", messageMetadata: { sources: part.sources } });
      continue;
    }
    if (part.type === "unseen-files") {
      chunks.push({ type: "message-metadata", messageMetadata: { unseenFiles: part.names } });
      continue;
    }
    if (part.type === "file") {
      chunks.push({ type: "data-file", id: part.fileId, data: part });
      continue;
    }
    chunks.push(...toolChunks(part));
  }
  return chunks;
}

function toolChunks(part: ToolPart): ChatUIChunk[] {
  const { toolCallId } = part;
  const chunks: ChatUIChunk[] = [
    {
      type: "tool-input-available",
      toolCallId,
      toolName: part.toolName,
      input: part.input,
      dynamic: true,
      ...(part.server ? { title: part.server } : {}),
    },
  ];
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
    chunks.push({ type: "tool-output-available", toolCallId, output: part.output, dynamic: true });
  } else if (part.state === "output-error" || part.state === "interrupted") {
    const errorText = part.errorText ?? INTERRUPTED_CALL;
    chunks.push({ type: "tool-output-error", toolCallId, errorText, dynamic: true });
  } else if (part.state === "output-denied") {
    chunks.push({ type: "tool-output-denied", toolCallId });
  }
  return chunks;
}
