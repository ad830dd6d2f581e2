import type { TextStreamPart, ToolSet } from "ai";
import type { MessagePart, ToolPart } from "@/lib/chat/message";

export interface ReplyPartsOptions {
  /** The parts the reply already has: a reply continued after the user answered a tool call. */
  initial?: readonly MessagePart[];
  /** The MCP server a tool belongs to, shown on its card. */
  serverOf?: (toolName: string) => string | undefined;
  now?: () => number;
}

/**
 * A reply's parts as its stream goes by: text, thinking with how long it took (from its first
 * piece to its end), and tool calls with their state — asked, waiting for approval, running,
 * answered, failed, denied. Consecutive pieces of one kind grow one part; a new kind starts the
 * next, so the order the model wrote them in is kept.
 */
export function createReplyParts({
  initial = [],
  serverOf = () => undefined,
  now = () => performance.now(),
}: ReplyPartsOptions = {}) {
  const parts: MessagePart[] = initial.map((part) => ({ ...part }));
  let thinkingSince: number | undefined;

  const last = () => parts.at(-1);
  const tool = (toolCallId: string) =>
    parts.find((part): part is ToolPart => part.type === "tool" && part.toolCallId === toolCallId);
  const update = (toolCallId: string, change: Partial<ToolPart>) => {
    const part = tool(toolCallId);
    if (part) Object.assign(part, change);
  };

  return {
    add(chunk: TextStreamPart<ToolSet>): void {
      switch (chunk.type) {
        case "reasoning-delta": {
          const part = last();
          if (part?.type === "reasoning" && thinkingSince !== undefined) part.text += chunk.text;
          else {
            thinkingSince = now();
            parts.push({ type: "reasoning", text: chunk.text });
          }
          break;
        }
        case "reasoning-end": {
          const part = last();
          if (part?.type === "reasoning" && thinkingSince !== undefined) {
            part.durationMs = Math.round(now() - thinkingSince);
          }
          thinkingSince = undefined;
          break;
        }
        case "text-delta": {
          const part = last();
          if (part?.type === "text") part.text += chunk.text;
          else parts.push({ type: "text", text: chunk.text });
          break;
        }
        case "tool-call": {
          if (tool(chunk.toolCallId)) break;
          const server = serverOf(chunk.toolName);
          parts.push({
            type: "tool",
            toolCallId: chunk.toolCallId,
            toolName: chunk.toolName,
            ...(server ? { server } : {}),
            input: chunk.input,
            state: "running",
          });
          break;
        }
        case "tool-approval-request":
          update(chunk.toolCall.toolCallId, {
            state: "approval-requested",
            approvalId: chunk.approvalId,
          });
          break;
        case "tool-result":
          // Preliminary results are progress; only the final one is the output.
          if (!chunk.preliminary) {
            update(chunk.toolCallId, { state: "output-available", output: chunk.output });
          }
          break;
        case "tool-error":
          update(chunk.toolCallId, { state: "output-error", errorText: errorText(chunk.error) });
          break;
        case "tool-output-denied":
          update(chunk.toolCallId, { state: "output-denied" });
          break;
      }
    },
    /**
     * The reply ended (Stop, a limit, a failure) while calls were running: they are interrupted.
     * Calls waiting for approval stay so — the user can still answer them.
     */
    interruptRunning(): void {
      for (const part of parts) {
        if (part.type === "tool" && part.state === "running") part.state = "interrupted";
      }
    },
    /** A copy of the parts so far (the saver keeps it while the reply goes on). */
    parts(): MessagePart[] {
      return parts.map((part) => ({ ...part }));
    },
  };
}

export type ReplyParts = ReturnType<typeof createReplyParts>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
