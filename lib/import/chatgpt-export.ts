import { z } from "zod";
import type { MessagePart } from "@/lib/chat/message";
import type { ImportedMessage } from "@/lib/store/conversation-import";
import { type Conversion, noMessages, notOfFormat } from "./conversion";
import { dateFromEpoch } from "./export-dates";
import { importTitle } from "./import-title";
import { buildImportTree, type SourceNode } from "./import-tree";
import { isJsonObject } from "./json-values";
import { appendReasoning, appendText, codeBlock } from "./part-list";
import { SkippedNotes } from "./skipped-notes";

/**
 * ChatGPT's data export (`conversations.json`): an array of conversations, each a tree of nodes
 * in `mapping` (every edit and regenerated reply kept as a sibling) and the leaf it shows in
 * `current_node`. Only the shape we rely on is checked; everything else in a node is ignored, as
 * OpenAI adds fields often.
 */

// Metadata varies most between versions: a field we cannot read is treated as absent.
const metadataSchema = z
  .object({
    is_visually_hidden_from_conversation: z.boolean().nullish().catch(undefined),
    model_slug: z.string().nullish().catch(undefined),
    finish_details: z.object({ type: z.string() }).nullish().catch(undefined),
    attachments: z
      .array(
        z.object({
          name: z.string().nullish().catch(undefined),
          mime_type: z.string().nullish().catch(undefined),
          mimeType: z.string().nullish().catch(undefined),
        }),
      )
      .nullish()
      .catch(undefined),
  })
  .nullish()
  .catch(undefined);

const messageSchema = z.object({
  author: z.object({ role: z.string() }),
  create_time: z.number().nullish(),
  // Each content type has its own fields, read below once the type is known.
  content: z.looseObject({ content_type: z.string() }),
  status: z.string().nullish(),
  recipient: z.string().nullish(),
  metadata: metadataSchema,
});

const nodeSchema = z.object({
  message: messageSchema.nullish(),
  parent: z.string().nullish(),
});

export const chatgptConversationSchema = z.object({
  title: z.string().nullish(),
  create_time: z.number().nullish(),
  update_time: z.number().nullish(),
  mapping: z.record(z.string(), nodeSchema),
  current_node: z.string().nullish(),
  default_model_slug: z.string().nullish(),
});

type ChatgptMessage = z.infer<typeof messageSchema>;

/** Does this element look like a ChatGPT conversation (for telling the file's format)? */
export function looksLikeChatgptConversation(value: unknown): boolean {
  return isJsonObject(value) && isJsonObject(value.mapping);
}

export function conversationFromChatgpt(value: unknown): Conversion {
  const parsed = chatgptConversationSchema.safeParse(value);
  if (!parsed.success) return notOfFormat("a ChatGPT", parsed.error);
  const data = parsed.data;
  const notes = new SkippedNotes();
  const systemTexts: string[] = [];
  let lastModel: string | null = null;

  const nodes: SourceNode[] = Object.entries(data.mapping).map(([id, node]) => {
    const parentId = node.parent ?? null;
    const message = node.message;
    if (!message) return { id, parentId, message: null };
    const role = message.author.role;
    if (role === "system") {
      const text = partsOf(message, notes).text;
      if (text.trim() !== "") systemTexts.push(text);
      return { id, parentId, message: null };
    }
    if (role === "tool") {
      notes.toolMessage();
      return { id, parentId, message: null };
    }
    if (role !== "user" && role !== "assistant") {
      notes.unknownRole(role);
      return { id, parentId, message: null };
    }
    if (message.content.content_type === "user_editable_context") {
      notes.customInstructions();
      return { id, parentId, message: null };
    }
    // Hidden nodes (an empty system prompt, context ChatGPT added) were never shown in the chat.
    if (message.metadata?.is_visually_hidden_from_conversation) {
      return { id, parentId, message: null, userTurn: role === "user" };
    }
    // A message to a tool ("python", "web.run", "dalle.text2im"…) is the model calling it.
    if (role === "assistant" && message.recipient && message.recipient !== "all") {
      notes.toolCall();
      return { id, parentId, message: null };
    }
    if (role === "assistant" && message.metadata?.model_slug) {
      lastModel = message.metadata.model_slug;
    }
    const { parts, known, thoughtForMs } = partsOf(message, notes);
    if (!known) return { id, parentId, message: null, userTurn: role === "user" };
    for (const attachment of message.metadata?.attachments ?? []) {
      const mime = attachment.mime_type ?? attachment.mimeType ?? "";
      // Uploaded images are also image parts of the message, counted there.
      if (!mime.startsWith("image/")) notes.attachment(attachment.name ?? undefined);
    }
    const createdAt = dateFromEpoch(message.create_time);
    return {
      id,
      parentId,
      message: {
        role,
        parts,
        status: statusOf(message),
        ...(createdAt ? { createdAt } : {}),
        ...(thoughtForMs !== undefined ? { thoughtForMs } : {}),
      },
    };
  });

  const tree = buildImportTree(nodes, { mergeAssistantRuns: true });
  if (!tree.ok) return { ok: false, reason: tree.reason };
  if (tree.messages.length === 0) return noMessages();
  const createdAt = dateFromEpoch(data.create_time);
  const updatedAt = dateFromEpoch(data.update_time);
  return {
    ok: true,
    conversation: {
      title: importTitle(data.title),
      systemPrompt: systemTexts.length > 0 ? systemTexts.join("\n\n") : null,
      model: data.default_model_slug ?? lastModel,
      ...(createdAt ? { createdAt } : {}),
      ...(updatedAt ? { updatedAt } : {}),
      messages: tree.messages,
      current: tree.keyOf(data.current_node),
    },
    skipped: notes.list(),
  };
}

const stringParts = z.object({ parts: z.array(z.unknown()) });
const codeContent = z.object({ text: z.string(), language: z.string().nullish() });
const outputContent = z.object({ text: z.string() });
const thoughtsContent = z.object({
  thoughts: z.array(
    z.object({
      // A string in most exports; a list of `{ text }` pieces in some.
      summary: z
        .union([z.string(), z.array(z.object({ text: z.string() }))])
        .nullish()
        .catch(undefined),
      content: z.string().nullish().catch(undefined),
    }),
  ),
});
const recapContent = z.object({ content: z.string() });
const assetPart = z.looseObject({ content_type: z.string(), text: z.string().optional() });

/**
 * A message's content as our parts. `known: false` means a content type we do not import (noted
 * in `notes`), so the node is left out of the tree.
 */
function partsOf(
  message: ChatgptMessage,
  notes: SkippedNotes,
): { parts: MessagePart[]; text: string; known: boolean; thoughtForMs?: number } {
  const parts: MessagePart[] = [];
  const type = message.content.content_type;
  const unreadable = () => {
    notes.unknownContentType(type);
    return { parts, text: "", known: false };
  };
  switch (type) {
    case "text":
    case "multimodal_text": {
      const content = stringParts.safeParse(message.content);
      if (!content.success) return unreadable();
      for (const part of content.data.parts) {
        if (typeof part === "string") {
          appendText(parts, part);
          continue;
        }
        const asset = assetPart.safeParse(part);
        if (!asset.success) continue;
        const assetType = asset.data.content_type;
        if (assetType === "image_asset_pointer") notes.image();
        else if (assetType === "audio_transcription") appendText(parts, asset.data.text ?? "");
        else if (assetType.startsWith("audio_") || assetType.includes("audio_video")) notes.audio();
        else notes.unknownContentType(assetType);
      }
      break;
    }
    case "code": {
      const content = codeContent.safeParse(message.content);
      if (!content.success) return unreadable();
      const language = content.data.language === "unknown" ? "" : (content.data.language ?? "");
      appendText(parts, codeBlock(content.data.text, language));
      break;
    }
    case "execution_output": {
      const content = outputContent.safeParse(message.content);
      if (!content.success) return unreadable();
      appendText(parts, codeBlock(content.data.text));
      break;
    }
    case "thoughts": {
      const content = thoughtsContent.safeParse(message.content);
      if (!content.success) return unreadable();
      for (const thought of content.data.thoughts) {
        const summary = Array.isArray(thought.summary)
          ? thought.summary.map((piece) => piece.text).join("")
          : (thought.summary ?? "");
        const body = thought.content ?? "";
        const text = summary && body ? `**${summary}**\n\n${body}` : summary || body;
        appendReasoning(parts, text);
      }
      break;
    }
    case "reasoning_recap": {
      // "Thought for 12 seconds": not thinking itself but how long it took.
      const content = recapContent.safeParse(message.content);
      if (!content.success) return unreadable();
      const thoughtForMs = durationOfRecap(content.data.content);
      return { parts, text: "", known: true, ...(thoughtForMs ? { thoughtForMs } : {}) };
    }
    default:
      return unreadable();
  }
  return { parts, text: parts.map((p) => (p.type === "text" ? p.text : "")).join(""), known: true };
}

/** "Thought for 1m 5s", "Thought for 12 seconds" → milliseconds; "a few seconds" → nothing. */
export function durationOfRecap(recap: string): number | undefined {
  const minutes = countBefore(recap, /m(?:in(?:ute)?s?)?\b/iy);
  const seconds = countBefore(recap, /s(?:ec(?:ond)?s?)?\b/iy);
  if (minutes === undefined && seconds === undefined) return undefined;
  const ms = (Number(minutes ?? 0) * 60 + Number(seconds ?? 0)) * 1000;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * The first number in `text` followed (after any spaces) by `unit`, a sticky pattern tried only
 * where a number ends. In one pass: `/(\d+)\s*m…/` tried again from every digit of a long number
 * that is not followed by its unit, which took time quadratic in the recap's length.
 */
function countBefore(text: string, unit: RegExp): string | undefined {
  let at = 0;
  while (at < text.length) {
    if (!isDigit(text.charCodeAt(at))) {
      at++;
      continue;
    }
    const start = at;
    while (isDigit(text.charCodeAt(at))) at++;
    let unitAt = at;
    while (unitAt < text.length && isSpace(text[unitAt] as string)) unitAt++;
    unit.lastIndex = unitAt;
    if (unit.test(text)) return text.slice(start, at);
  }
  return undefined;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** What `\s` matches, one character at a time. */
function isSpace(char: string): boolean {
  return /\s/.test(char);
}

function statusOf(message: ChatgptMessage): ImportedMessage["status"] {
  if (message.metadata?.finish_details?.type === "interrupted") return "stopped";
  switch (message.status) {
    case "finished_partial_completion":
      return "stopped";
    // Still being written when the export was made: it never finished.
    case "in_progress":
      return "failed";
    default:
      return "complete";
  }
}
