import type { MessagePart } from "@/lib/chat/message";

/**
 * An imported message's parts as the store keeps them. A tool call read from a file was not made
 * by this server, so it never waits for approval or runs here: left `approval-requested`, an Allow
 * would run the file's tool with the file's input (decision 0008). Such a call is at most
 * `interrupted`, with no approval to answer; a call that ended (output, error, denied) keeps its
 * outcome. Every import reaches the store through `importRows`, which applies this.
 */
export function settledImportParts(parts: readonly MessagePart[]): MessagePart[] {
  return parts.map((part) => {
    if (part.type !== "tool" || (part.state !== "approval-requested" && part.state !== "running")) {
      return part;
    }
    const { approvalId: _never, ...call } = part;
    return { ...call, state: "interrupted" };
  });
}
