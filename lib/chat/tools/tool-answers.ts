import type { MessagePart, ToolPart } from "@/lib/chat/message/message-parts";

export type AnsweredReply =
  | {
      ok: true;
      /** The reply's parts with each answered call `running` (allowed) or `output-denied`. */
      parts: MessagePart[];
      /** The answers that applied, for the model history (lib/chat/model-history.ts). */
      answered: Map<string, boolean>;
    }
  | { ok: false; message: string };

/**
 * Applies the user's answers (approval id → allowed) to the stored reply's calls waiting for
 * approval: all or none. Only the answers come from the page; the calls, their inputs and
 * everything else come from the store, so the page cannot make the server run a call the model
 * did not ask for.
 */
export function answerToolCalls(
  parts: readonly MessagePart[],
  answers: ReadonlyMap<string, boolean>,
): AnsweredReply {
  const waiting = parts.filter(
    (part): part is ToolPart => part.type === "tool" && part.state === "approval-requested",
  );
  if (waiting.length === 0) {
    return { ok: false, message: "This reply has no tool call waiting for an answer." };
  }
  const answered = new Map<string, boolean>();
  for (const { approvalId } of waiting) {
    const answer = approvalId === undefined ? undefined : answers.get(approvalId);
    if (approvalId !== undefined && answer !== undefined) answered.set(approvalId, answer);
  }
  if (answered.size < waiting.length) {
    return {
      ok: false,
      message:
        "Answer every tool call waiting for approval (Allow or Deny) before the reply goes on.",
    };
  }
  return {
    ok: true,
    answered,
    parts: parts.map((part) => {
      if (part.type !== "tool" || part.state !== "approval-requested" || !part.approvalId) {
        return part;
      }
      return { ...part, state: answered.get(part.approvalId) ? "running" : "output-denied" };
    }),
  };
}

/** How many model steps a reply has taken that ended in tool calls (each run of calls is one). */
export function toolStepsOf(parts: readonly MessagePart[]): number {
  return parts.filter((part, i) => part.type === "tool" && parts[i + 1]?.type !== "tool").length;
}
