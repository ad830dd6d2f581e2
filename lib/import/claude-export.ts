import { z } from "zod";
import type { MessagePart } from "@/lib/chat/message";
import { type Conversion, noMessages, notOfFormat } from "./conversion";
import { dateFromIso } from "./export-dates";
import { importTitle } from "./import-title";
import { buildImportTree, type SourceNode } from "./import-tree";
import { isJsonObject } from "./json-values";
import { appendReasoning, appendText } from "./part-list";
import { SkippedNotes } from "./skipped-notes";

/**
 * Claude's data export (`conversations.json`): an array of conversations, each with its messages
 * in `chat_messages` in the order they were written. Newer exports name each message's parent
 * (`parent_message_uuid`), which keeps edits and retries as branches; older ones are one chain.
 */

const namedFile = z.looseObject({ file_name: z.string().nullish().catch(undefined) });

const chatMessageSchema = z.object({
  uuid: z.string().min(1),
  text: z.string().nullish(),
  // Each block type has its own fields, read below once the type is known.
  content: z.array(z.looseObject({ type: z.string() })).nullish(),
  sender: z.string(),
  created_at: z.string().nullish(),
  attachments: z.array(namedFile).nullish(),
  files: z.array(namedFile).nullish(),
  parent_message_uuid: z.string().nullish(),
});

export const claudeConversationSchema = z.object({
  name: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  chat_messages: z.array(chatMessageSchema),
  // Claude's web API names the shown branch's leaf; the export may not, then the last message is.
  current_leaf_message_uuid: z.string().nullish(),
  model: z.string().nullish(),
});

type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Does this element look like a Claude conversation (for telling the file's format)? */
export function looksLikeClaudeConversation(value: unknown): boolean {
  return isJsonObject(value) && Array.isArray(value.chat_messages);
}

export function conversationFromClaude(value: unknown): Conversion {
  const parsed = claudeConversationSchema.safeParse(value);
  if (!parsed.success) return notOfFormat("a Claude", parsed.error);
  const data = parsed.data;
  const notes = new SkippedNotes();
  const ids = new Set(data.chat_messages.map((message) => message.uuid));

  const nodes: SourceNode[] = data.chat_messages.map((message, index) => {
    const id = message.uuid;
    const parentId = parentOf(message, data.chat_messages[index - 1], ids);
    const role = message.sender === "human" ? "user" : message.sender;
    if (role !== "user" && role !== "assistant") {
      notes.unknownRole(message.sender);
      return { id, parentId, message: null };
    }
    for (const file of [...(message.attachments ?? []), ...(message.files ?? [])]) {
      notes.attachment(file.file_name ?? undefined);
    }
    const createdAt = dateFromIso(message.created_at);
    return {
      id,
      parentId,
      message: {
        role,
        parts: partsOf(message, notes),
        status: "complete",
        ...(createdAt ? { createdAt } : {}),
      },
    };
  });

  const tree = buildImportTree(nodes, { mergeAssistantRuns: false });
  if (!tree.ok) return { ok: false, reason: tree.reason };
  if (tree.messages.length === 0) return noMessages();
  const current = data.current_leaf_message_uuid ?? data.chat_messages.at(-1)?.uuid;
  const createdAt = dateFromIso(data.created_at);
  const updatedAt = dateFromIso(data.updated_at);
  return {
    ok: true,
    conversation: {
      title: importTitle(data.name),
      systemPrompt: null,
      model: data.model ?? null,
      ...(createdAt ? { createdAt } : {}),
      ...(updatedAt ? { updatedAt } : {}),
      messages: tree.messages,
      current: tree.keyOf(current),
    },
    skipped: notes.list(),
  };
}

/**
 * A message's parent: the one it names, or, when it names none, the message before it (an export
 * without branches). The first message names a placeholder (a zero UUID), not a message: one
 * naming no message of the conversation starts the tree.
 */
function parentOf(
  message: ChatMessage,
  previous: ChatMessage | undefined,
  ids: ReadonlySet<string>,
): string | null {
  if (message.parent_message_uuid == null) return previous?.uuid ?? null;
  return ids.has(message.parent_message_uuid) ? message.parent_message_uuid : null;
}

const textBlock = z.object({ text: z.string() });
const thinkingBlock = z.object({
  thinking: z.string(),
  start_timestamp: z.string().nullish().catch(undefined),
  stop_timestamp: z.string().nullish().catch(undefined),
});

function partsOf(message: ChatMessage, notes: SkippedNotes): MessagePart[] {
  const parts: MessagePart[] = [];
  // `text` repeats the text blocks of `content`; older exports have only `text`.
  if (!message.content || message.content.length === 0) {
    appendText(parts, message.text ?? "");
    return parts;
  }
  for (const block of message.content) {
    switch (block.type) {
      case "text": {
        const text = textBlock.safeParse(block);
        if (text.success) appendText(parts, text.data.text);
        break;
      }
      case "thinking": {
        const thinking = thinkingBlock.safeParse(block);
        if (!thinking.success) break;
        const { start_timestamp, stop_timestamp } = thinking.data;
        const took =
          (dateFromIso(stop_timestamp)?.getTime() ?? Number.NaN) -
          (dateFromIso(start_timestamp)?.getTime() ?? Number.NaN);
        appendReasoning(parts, thinking.data.thinking, took >= 0 ? took : undefined);
        break;
      }
      case "tool_use":
        notes.toolCall();
        break;
      case "tool_result":
        notes.toolResult();
        break;
      case "image":
        notes.image();
        break;
      default:
        notes.unknownContentType(block.type);
    }
  }
  return parts;
}
