import type { DynamicToolUIPart } from "ai";
import { z } from "zod";
import { type ChatUIMessage, textOf } from "@/lib/chat/message";

/**
 * What the page sends to /api/chat: only what is new, never the conversation — the server builds
 * the path the model sees from the store. Four kinds of turn:
 * - `send`: the user's new message (its id chosen by the page) and the message it follows
 *   (`parentId`: the last message shown, or the one before an edited message; `null` for a first
 *   message). An edit is a send whose parent is the edited message's parent. `files` are the
 *   ids of the files attached to it (uploaded to the conversation first, lib/files), in order.
 *   `model` is the model a new conversation answers with, as the header's picker chose it before
 *   the first message (a choice id, lib/models/model-choice-ids.ts); it is stored with the
 *   conversation, and ignored once the conversation exists (its Settings say then).
 * - `regenerate`: a new reply to the user's message `parentId` (a new version beside the others).
 * - `answer`: the user's Allow / Deny for the calls the reply `replyId` waits on.
 * - `continue`: a participant speaks after `parentId` without a new user message (Continue,
 *   Continue as, Let them talk, or the next of several participants a message named); `queue`
 *   are the ones still to speak after it.
 */
const id = z.string().min(1).max(128);

export const chatRequestSchema = z.discriminatedUnion("trigger", [
  z.object({
    trigger: z.literal("send"),
    id,
    message: z.object({ id, text: z.string(), files: z.array(id).max(100).default([]) }),
    parentId: id.nullable(),
    model: id.optional(),
  }),
  z.object({
    trigger: z.literal("regenerate"),
    id,
    parentId: id,
    /** The participant whose reply is regenerated (default: whoever's turn it is). */
    speaker: z.string().max(40).optional(),
  }),
  z.object({
    trigger: z.literal("continue"),
    id,
    parentId: id,
    speaker: z.string().max(40).optional(),
    queue: z.array(z.string().max(40)).max(8).default([]),
  }),
  z.object({
    trigger: z.literal("answer"),
    id,
    replyId: id,
    answers: z.array(z.object({ approvalId: id, approved: z.boolean() })).max(100),
  }),
]);

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatRequestInput = z.input<typeof chatRequestSchema>;

/**
 * The request for what `useChat` is about to do (its `prepareSendMessagesRequest`): `messages`
 * is the page's path as it will be — ending with the new user message (send), with the user's
 * message a reply is regenerated for, or with the reply whose calls were answered.
 */
export function toChatRequest(
  conversationId: string,
  messages: readonly ChatUIMessage[],
  trigger: "submit-message" | "regenerate-message",
  {
    speaker,
    model,
  }: {
    /** The participant whose reply is regenerated, when the page knows it. */
    speaker?: string;
    /** A new conversation's model, chosen before its first message (a choice id). */
    model?: string;
  } = {},
): ChatRequestInput {
  const last = messages.at(-1);
  if (!last) throw new Error("Nothing to send.");
  if (trigger === "regenerate-message") {
    return {
      trigger: "regenerate",
      id: conversationId,
      parentId: last.id,
      ...(speaker ? { speaker } : {}),
    };
  }
  if (last.role === "assistant") {
    return {
      trigger: "answer",
      id: conversationId,
      replyId: last.id,
      answers: last.parts.flatMap((part) =>
        isAnswered(part)
          ? [{ approvalId: part.approval.id, approved: part.approval.approved }]
          : [],
      ),
    };
  }
  return {
    trigger: "send",
    id: conversationId,
    message: { id: last.id, text: textOf(last), files: fileIdsOf(last) },
    parentId: messages.at(-2)?.id ?? null,
    ...(model ? { model } : {}),
  };
}

/** A participant's turn without a message of the user's, after `parentId` (lib/chat/participants). */
export function continueRequest(
  conversationId: string,
  parentId: string,
  { speaker, queue = [] }: { speaker?: string; queue?: string[] } = {},
): Extract<ChatRequestInput, { trigger: "continue" }> {
  return { trigger: "continue", id: conversationId, parentId, speaker, queue };
}

/** The ids of the files a UI message carries (its `data-file` parts), in order. */
function fileIdsOf(message: ChatUIMessage): string[] {
  return message.parts.flatMap((part) => (part.type === "data-file" ? [part.data.fileId] : []));
}

function isAnswered(
  part: ChatUIMessage["parts"][number],
): part is Extract<DynamicToolUIPart, { state: "approval-responded" }> {
  return part.type === "dynamic-tool" && part.state === "approval-responded";
}
