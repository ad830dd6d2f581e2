import { z } from "zod";
import type { MessagePart } from "@/lib/chat/message";
import type { ImportedMessage } from "@/lib/store/conversation-import";
import { type Conversion, noMessages, notOfFormat } from "./conversion";
import { dateFromEpoch } from "./export-dates";
import { importTitle } from "./import-title";
import { buildImportTree, type SourceNode } from "./import-tree";
import { isJsonObject } from "./json-values";
import { replyBlocks, withoutSummary } from "./open-webui-blocks";
import { appendReasoning, appendText } from "./part-list";
import { SkippedNotes } from "./skipped-notes";

/**
 * Open WebUI's chat export ("Export All Chats", or one chat's "Export chat (.json)"): an array of
 * `{ id, title, chat, created_at, updated_at }` with the chat's messages as a tree in
 * `chat.history` (`parentId`/`childrenIds`, the shown leaf in `currentId`). Older chats have only
 * the list `chat.messages`. A file may also hold one such object, or one bare `chat`.
 */

const fileSchema = z.looseObject({
  type: z.string().nullish().catch(undefined),
  name: z.string().nullish().catch(undefined),
  file: z
    .looseObject({
      filename: z.string().nullish().catch(undefined),
      meta: z
        .looseObject({ name: z.string().nullish().catch(undefined) })
        .nullish()
        .catch(undefined),
    })
    .nullish()
    .catch(undefined),
});

const messageSchema = z.object({
  id: z.string().nullish(),
  parentId: z.string().nullish(),
  role: z.string(),
  // A string; some older versions wrote OpenAI-style content blocks.
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullish(),
  timestamp: z.number().nullish().catch(undefined),
  model: z.string().nullish().catch(undefined),
  files: z.array(fileSchema).nullish().catch(undefined),
  done: z.boolean().nullish().catch(undefined),
  error: z.unknown().optional(),
});

const chatSchema = z
  .object({
    title: z.string().nullish(),
    models: z.array(z.string()).nullish().catch(undefined),
    system: z.string().nullish().catch(undefined),
    params: z
      .looseObject({ system: z.string().nullish().catch(undefined) })
      .nullish()
      .catch(undefined),
    history: z
      .object({ messages: z.record(z.string(), messageSchema), currentId: z.string().nullish() })
      .nullish(),
    messages: z.array(messageSchema).nullish(),
    timestamp: z.number().nullish().catch(undefined),
  })
  .refine((chat) => chat.history != null || chat.messages != null, {
    message: "a chat has its messages in history or messages",
  });

const exportedChatSchema = z.object({
  title: z.string().nullish(),
  chat: chatSchema,
  created_at: z.number().nullish(),
  updated_at: z.number().nullish(),
});

// A bare chat, without the record around it (what some tools and older versions write).
const bareChatSchema = chatSchema.transform((chat) => ({
  title: null,
  chat,
  created_at: null,
  updated_at: null,
}));

type WebuiMessage = z.infer<typeof messageSchema>;

/** Does this element look like an Open WebUI chat (for telling the file's format)? */
export function looksLikeOpenWebuiChat(value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  const chat = value.chat;
  if (isJsonObject(chat)) return isJsonObject(chat.history) || Array.isArray(chat.messages);
  return isJsonObject(value.history) && isJsonObject(value.history.messages);
}

export function conversationFromOpenWebui(value: unknown): Conversion {
  const parsed = (
    isJsonObject(value) && !("chat" in value) ? bareChatSchema : exportedChatSchema
  ).safeParse(value);
  if (!parsed.success) return notOfFormat("an Open WebUI", parsed.error);
  const { chat, ...element } = parsed.data;
  const notes = new SkippedNotes();
  const systemTexts = [chat.params?.system ?? chat.system ?? ""].filter((text) => text.trim());
  let lastModel: string | null = null;

  const listed = chat.history
    ? Object.entries(chat.history.messages).map(([id, message]) => ({
        id,
        parentId: message.parentId ?? null,
        message,
      }))
    : // Only the list: parents where it names them, else each follows the one before.
      (chat.messages ?? []).map((message, index, all) => ({
        id: message.id ?? String(index),
        parentId:
          message.parentId !== undefined
            ? message.parentId
            : index === 0
              ? null
              : (all[index - 1]?.id ?? String(index - 1)),
        message,
      }));

  const nodes: SourceNode[] = listed.map(({ id, parentId, message }) => {
    if (message.role === "system") {
      const text = typeof message.content === "string" ? message.content : "";
      if (text.trim()) systemTexts.push(text);
      return { id, parentId, message: null };
    }
    if (message.role !== "user" && message.role !== "assistant") {
      notes.unknownRole(message.role);
      return { id, parentId, message: null };
    }
    if (message.role === "assistant" && message.model) lastModel = message.model;
    for (const file of message.files ?? []) {
      if (file.type === "image") notes.image();
      else notes.attachment(file.name ?? file.file?.filename ?? file.file?.meta?.name ?? undefined);
    }
    const createdAt = dateFromEpoch(message.timestamp);
    return {
      id,
      parentId,
      message: {
        role: message.role,
        parts: partsOf(message, notes),
        status: statusOf(message),
        ...(createdAt ? { createdAt } : {}),
      },
    };
  });

  const tree = buildImportTree(nodes, { mergeAssistantRuns: false });
  if (!tree.ok) return { ok: false, reason: tree.reason };
  if (tree.messages.length === 0) return noMessages();
  const current = chat.history ? chat.history.currentId : listed.at(-1)?.id;
  const createdAt = dateFromEpoch(element.created_at ?? chat.timestamp);
  const updatedAt = dateFromEpoch(element.updated_at);
  return {
    ok: true,
    conversation: {
      title: importTitle(element.title || chat.title),
      systemPrompt: systemTexts.length > 0 ? systemTexts.join("\n\n") : null,
      model: chat.models?.[0] ?? lastModel,
      ...(createdAt ? { createdAt } : {}),
      ...(updatedAt ? { updatedAt } : {}),
      messages: tree.messages,
      current: tree.keyOf(current),
    },
    skipped: notes.list(),
  };
}

function statusOf(message: WebuiMessage): ImportedMessage["status"] {
  if (message.error) return "failed";
  // `done: false`: the reply was stopped (or the page closed) before it ended.
  if (message.role === "assistant" && message.done === false) return "stopped";
  return "complete";
}

const blockText = z.object({ text: z.string() });

function partsOf(message: WebuiMessage, notes: SkippedNotes): MessagePart[] {
  const parts: MessagePart[] = [];
  const content = message.content ?? "";
  if (typeof content !== "string") {
    for (const block of content) {
      const text = blockText.safeParse(block);
      if (block.type === "text" && text.success) appendText(parts, text.data.text);
      else if (block.type === "image_url") notes.image();
      else notes.unknownContentType(block.type);
    }
    return parts;
  }
  if (message.role === "user") {
    appendText(parts, content);
    return parts;
  }
  readReplyText(content, parts, notes);
  return parts;
}

/**
 * Open WebUI writes a reply's thinking and tool calls into its text (open-webui-blocks.ts). The
 * thinking becomes a thinking part; tool calls are noted and left out; the rest is the reply's text.
 */
function readReplyText(content: string, parts: MessagePart[], notes: SkippedNotes): void {
  for (const block of replyBlocks(content)) {
    if (block.kind === "text") {
      appendText(parts, block.text.trim());
    } else if (block.kind === "think") {
      appendReasoning(parts, block.body.trim());
    } else if (block.type === "reasoning") {
      const duration = /\bduration="(\d+(?:\.\d+)?)"/.exec(block.attributes)?.[1];
      appendReasoning(
        parts,
        unquoted(withoutSummary(block.body)),
        duration === undefined ? undefined : Math.round(Number(duration) * 1000),
      );
    } else {
      notes.toolCall();
    }
  }
}

/** The thinking as written: without the quote marks and the HTML escapes Open WebUI added. */
function unquoted(body: string): string {
  return body
    .trim()
    .split("\n")
    .map((line) => line.replace(/^\s*&gt; ?|^\s*> ?/, ""))
    .join("\n")
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, entity: string) => entities[entity] ?? "")
    .trim();
}

const entities: Record<string, string> = { lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" };
