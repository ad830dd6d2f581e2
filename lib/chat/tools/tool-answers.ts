import type { MessagePart, ToolPart } from "@/lib/chat/message";

export type AnsweredReply =
  | {
      ok: true;
      /** The reply's parts with each answered call `running` (allowed) or `output-denied`. */
      parts: MessagePart[];
      /** The answers that applied, for the model history (lib/chat/message/model-history.ts). */
      answered: Map<string, boolean>;
    }
  /** No call waits for an answer, or not every waiting call was answered. */
  | { ok: false; problem: "nothing-to-answer" | "unanswered-calls" };

/**
 * Applies the user's answers (approval id → allowed) to the stored reply's calls waiting for
 * approval: all or none. Only the answers come from the page; the calls, their inputs and
 * everything else come from the store — and only the server's own replies store a call waiting
 * for approval (an import ends every call it brings: lib/import) — so the page cannot make the
 * server run a call the model did not ask for.
 */
export function answerToolCalls(
  parts: readonly MessagePart[],
  answers: ReadonlyMap<string, boolean>,
): AnsweredReply {
  const waiting = parts.filter(
    (part): part is ToolPart => part.type === "tool" && part.state === "approval-requested",
  );
  if (waiting.length === 0) return { ok: false, problem: "nothing-to-answer" };
  const answered = new Map<string, boolean>();
  for (const { approvalId } of waiting) {
    const answer = approvalId === undefined ? undefined : answers.get(approvalId);
    if (approvalId !== undefined && answer !== undefined) answered.set(approvalId, answer);
  }
  if (answered.size < waiting.length) return { ok: false, problem: "unanswered-calls" };
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
