import { z } from "zod";
import { messagePartSchema, messageSchema, partsOfText } from "@/lib/chat/message";
import { castSchema, participantSchema } from "@/lib/chat/participants";
// Not the store's index: this runs in the import worker, where server-only modules cannot load.
import { messageStatuses } from "@/lib/store/chat-store";
import type { ConversationImport } from "@/lib/store/conversation-import";

/**
 * Our own JSON export (our-export-writer.ts), read back. Version 2 keeps the tree:
 * each message's `id` and `parentId` (ids of the export, replaced on import) and the `currentId`
 * it shows. Version 1 (before branching) is a list, read as a chain. An import always makes a new
 * conversation for its new owner.
 */
const messageV1 = messageSchema.extend({
  // Exports before parts (text only) have none: their content is the one text part.
  parts: z.array(messagePartSchema).optional(),
  // Nothing imported is still being generated.
  status: z
    .enum(messageStatuses)
    .default("complete")
    .transform((status) => (status === "streaming" ? "failed" : status)),
  createdAt: z.coerce.date().optional(),
});

const common = {
  format: z.literal("chat-conversation"),
  title: z.string().max(200),
  systemPrompt: z.string().nullable().default(null),
  model: z.string().nullable().default(null),
  createdAt: z.coerce.date().optional(),
  updatedAt: z.coerce.date().optional(),
};

const ourJsonSchema = z.discriminatedUnion("version", [
  z.object({ ...common, version: z.literal(1), messages: z.array(messageV1).max(10_000) }),
  z.object({
    ...common,
    version: z.literal(2),
    messages: z
      .array(
        messageV1.extend({
          id: z.string().min(1).max(200),
          parentId: z.string().min(1).max(200).nullable(),
          speaker: participantSchema.shape.name.optional(),
        }),
      )
      .max(100_000),
    currentId: z.string().min(1).max(200).nullable().default(null),
    cast: castSchema.optional(),
    // Only the name and bytes are read: the type, size, pages and text come from reading them
    // again (the import's whole size is bounded by CHAT_MAX_IMPORT_BYTES).
    files: z
      .array(
        z.object({
          id: z.string().min(1).max(200),
          name: z.string().min(1).max(255),
          base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64"),
        }),
      )
      .max(1_000)
      .optional(),
  }),
]);

export type ConversationJsonInput = z.input<typeof ourJsonSchema>;

/** Is this our export (rather than another app's)? */
export function isOurConversationJson(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { format?: unknown }).format === "chat-conversation"
  );
}

/** Our export as a conversation to import, or a sentence saying what is wrong with it. */
export function conversationFromOurJson(
  value: unknown,
): { ok: true; conversation: ConversationImport } | { ok: false; message: string } {
  const parsed = ourJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      message: `That is not an exported conversation (${issue?.path.join(".") || "file"}: ${issue?.message}).`,
    };
  }
  const data = parsed.data;
  const entries =
    data.version === 1
      ? data.messages.map((message, index) => ({
          message,
          key: String(index),
          parent: index === 0 ? null : String(index - 1),
        }))
      : data.messages.map((message) => ({
          message,
          key: message.id,
          parent: message.parentId,
          speaker: message.speaker,
        }));
  const keys = new Set<string>();
  const messages: ConversationImport["messages"] = [];
  for (const entry of entries) {
    const { message, key, parent } = entry;
    const speaker =
      "speaker" in entry && typeof entry.speaker === "string" ? entry.speaker : undefined;
    if (keys.has(key)) return { ok: false, message: `Message ${key} appears twice.` };
    if (parent !== null && !keys.has(parent)) {
      return {
        ok: false,
        message: `Message ${key} follows ${parent}, which is not before it in the file.`,
      };
    }
    keys.add(key);
    messages.push({
      key,
      parent,
      role: message.role,
      ...(speaker ? { speaker } : {}),
      parts: message.parts ?? partsOfText(message.content),
      status: message.status,
      ...(message.createdAt ? { createdAt: message.createdAt } : {}),
    });
  }
  const current = data.version === 1 ? null : data.currentId;
  if (current !== null && !keys.has(current)) {
    return { ok: false, message: `The current message ${current} is not in the file.` };
  }
  return {
    ok: true,
    conversation: {
      title: data.title,
      systemPrompt: data.systemPrompt,
      model: data.model,
      ...(data.createdAt ? { createdAt: data.createdAt } : {}),
      ...(data.updatedAt ? { updatedAt: data.updatedAt } : {}),
      ...(data.version === 2 && data.cast ? { cast: data.cast } : {}),
      ...(data.version === 2 && data.files?.length
        ? {
            files: data.files.map((file) => ({
              key: file.id,
              name: file.name,
              bytes: new Uint8Array(Buffer.from(file.base64, "base64")),
            })),
          }
        : {}),
      messages,
      current,
    },
  };
}
