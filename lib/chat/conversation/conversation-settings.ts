import { z } from "zod";
import { castSchema, defaultCast } from "@/lib/chat/participants";
import { defaultToolPreferences, toolPreferencesSchema } from "@/lib/chat/tools";
import type { Conversation } from "@/lib/store";

/**
 * A conversation's own settings, as its Settings form shows and saves them — together, so that a
 * save changes all of them or none. `null` is the server's default (CHAT_SYSTEM_PROMPT,
 * CHAT_MODEL).
 */
export const conversationSettingsSchema = z.object({
  /** Blank is the server's default. */
  systemPrompt: z
    .string()
    .max(20_000, "A system prompt is at most 20,000 characters.")
    .nullable()
    .transform((prompt) => (prompt?.trim() ? prompt : null)),
  model: z.string().trim().min(1).nullable(),
  tools: toolPreferencesSchema,
  cast: castSchema,
});

export type ConversationSettings = z.infer<typeof conversationSettingsSchema>;

/** What a new conversation starts with: the server's prompt and model, all tools on, one participant. */
export const defaultConversationSettings: ConversationSettings = {
  systemPrompt: null,
  model: null,
  tools: defaultToolPreferences,
  cast: defaultCast,
};

export function settingsOf(conversation: Conversation): ConversationSettings {
  const { systemPrompt, model, tools, cast } = conversation;
  return { systemPrompt, model, tools, cast };
}

/**
 * Settings as the page sent them, checked: each model is named as the page knows it, and
 * `specOf` gives the spec of one the server offers (undefined for anything else). The settings
 * with specs, or the first problem as a sentence.
 */
export function readConversationSettings(
  input: unknown,
  specOf: (choice: string) => string | undefined,
): { ok: true; settings: ConversationSettings } | { ok: false; message: string } {
  const parsed = conversationSettingsSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      message: parsed.error.issues[0]?.message ?? "Those settings are not valid.",
    };
  }
  const { model, cast } = parsed.data;
  const modelSpec = model === null ? null : specOf(model);
  if (modelSpec === undefined)
    return { ok: false, message: "That model is not one of the choices." };
  const participants = [];
  for (const participant of cast.participants) {
    const spec = participant.model === null ? null : specOf(participant.model);
    if (spec === undefined) {
      return { ok: false, message: `${participant.name}'s model is not one of the choices.` };
    }
    participants.push({ ...participant, model: spec });
  }
  return {
    ok: true,
    settings: { ...parsed.data, model: modelSpec, cast: { ...cast, participants } },
  };
}
