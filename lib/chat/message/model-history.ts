import {
  convertToModelMessages,
  type DynamicToolUIPart,
  type ModelMessage,
  type ToolSet,
} from "ai";
import type { ChatUIMessage } from "./chat-ui-message";
import { type MessagePart, startsStep, type ToolPart } from "./message-parts";

/** A stored message as far as the model is concerned. */
export interface HistoryMessage {
  role: "user" | "assistant";
  parts: readonly MessagePart[];
  /** The participant who wrote it, in a conversation with several. */
  speaker?: string | null;
}

/**
 * What the model sees of a conversation: the stored messages — never the page's copy of them —
 * with each reply's thinking, tool calls and results in its own steps, through the AI SDK's
 * `convertToModelMessages` (which also renders each tool's output the way the tool asks).
 *
 * `answered` names the approvals the user has just given or refused in the reply being continued:
 * those calls go to `streamText` as approval responses, so it runs the allowed ones and tells the
 * model about the refused ones. Any other call that never finished (the user sent a new message
 * instead of answering, or the server stopped) reaches the model as a failed call that says so:
 * the model must see a result for every call it made.
 */
export async function toModelHistory(
  messages: readonly HistoryMessage[],
  {
    tools,
    answered = new Map(),
    files = new Map(),
  }: {
    tools?: ToolSet;
    answered?: ReadonlyMap<string, boolean>;
    /**
     * What the model gets for each attached file, by file id (lib/chat/turn/file-context.ts):
     * its text, an image, or a sentence saying why not.
     */
    files?: ReadonlyMap<string, ChatUIMessage["parts"]>;
  } = {},
): Promise<ModelMessage[]> {
  const uiMessages = messages.map(
    (message, index): ChatUIMessage => ({
      id: String(index),
      role: message.role,
      parts: message.parts.flatMap((part, position) => {
        const step: ChatUIMessage["parts"] = startsStep(message.parts, position)
          ? [{ type: "step-start" }]
          : [];
        if (part.type === "text") return [...step, { type: "text", text: part.text }];
        // Earlier thinking is not sent back: reasoning models' own templates drop it from past
        // turns, and a remote API may refuse it.
        if (part.type === "reasoning") return step;
        // The passages a reply was given are the turn's context, not what it said.
        if (part.type === "sources") return step;
        // Said to the page; the model was told in the file's own place.
        if (part.type === "unseen-files") return step;
        if (part.type === "file") {
          return [
            ...step,
            ...(files.get(part.fileId) ?? [
              { type: "text" as const, text: `[The file ${part.name} is no longer available.]` },
            ]),
          ];
        }
        return [...step, toolForModel(part, answered)];
      }),
    }),
  );
  return convertToModelMessages(uiMessages, { tools });
}

function toolForModel(part: ToolPart, answered: ReadonlyMap<string, boolean>): DynamicToolUIPart {
  const call = {
    type: "dynamic-tool" as const,
    toolCallId: part.toolCallId,
    toolName: part.toolName,
    input: part.input,
  };
  const answer = part.approvalId === undefined ? undefined : answered.get(part.approvalId);
  if (part.approvalId !== undefined && answer !== undefined) {
    return {
      ...call,
      state: "approval-responded",
      approval: { id: part.approvalId, approved: answer },
    };
  }
  switch (part.state) {
    case "output-available":
      return { ...call, state: "output-available", output: part.output };
    case "output-error":
      return { ...call, state: "output-error", errorText: part.errorText ?? "The call failed." };
    case "output-denied":
      return { ...call, state: "output-error", errorText: "The user denied this call." };
    case "approval-requested":
      return {
        ...call,
        state: "output-error",
        errorText: "The call did not run: the user did not answer whether it may.",
      };
    case "running":
    case "interrupted":
      return {
        ...call,
        state: "output-error",
        errorText: "The call was interrupted before it returned.",
      };
  }
}
