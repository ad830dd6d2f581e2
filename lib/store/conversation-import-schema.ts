import { z } from "zod";
import { messageSchema } from "@/lib/chat/message";
import { messagePartSchema } from "@/lib/chat/message-parts";
import { messageStatuses } from "./chat-store";

/**
 * The JSON a conversation is exported as and imported from (version 1). Ids are not part of it:
 * an import always makes a new conversation for its new owner.
 */
export const conversationImportSchema = z.object({
  format: z.literal("chat-conversation"),
  version: z.literal(1),
  title: z.string().max(200),
  systemPrompt: z.string().nullable().default(null),
  model: z.string().nullable().default(null),
  createdAt: z.coerce.date().optional(),
  updatedAt: z.coerce.date().optional(),
  messages: z
    .array(
      messageSchema.extend({
        // Exports before parts (text only) have none: their content is the one text part.
        parts: z.array(messagePartSchema).optional(),
        // Nothing imported is still being generated.
        status: z
          .enum(messageStatuses)
          .default("complete")
          .transform((status) => (status === "streaming" ? "failed" : status)),
        createdAt: z.coerce.date().optional(),
      }),
    )
    .max(10_000),
});

export type ConversationImport = z.output<typeof conversationImportSchema>;
