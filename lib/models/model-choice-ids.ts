import "server-only";
import { createHash } from "node:crypto";
import type { ConversationSettings } from "@/lib/chat/conversation";
import { env } from "@/lib/env";
import { isModelChoice, modelChoices } from "./chat-model";

/**
 * What the page calls a model choice: an id made from its spec, so that the page never holds a
 * spec — CHAT_MODEL and CHAT_MODEL_CHOICES name model files by their path and servers by their
 * address, which are the operator's to know. The server maps an id back to its spec.
 */
export interface PageModelChoice {
  id: string;
  name: string;
}

/** The page's id of a spec; `null` (the default model) stays `null`. */
export function choiceIdOf(spec: string | null): string | null {
  if (spec === null) return null;
  return `model-${createHash("sha256").update(spec).digest("base64url").slice(0, 16)}`;
}

/**
 * The choice id of the model a conversation's spec answers with: its own when it is one of the
 * choices, else the default's (as getChatModel picks). The access policy names models by it.
 */
export function choiceIdFor(spec: string | null): string {
  const answering = spec !== null && isModelChoice(spec) ? spec : (env().CHAT_MODEL ?? "");
  return choiceIdOf(answering) as string;
}

/** The choices as the page lists them, the default first. */
export function pageModelChoices(): PageModelChoice[] {
  return modelChoices().map(({ spec, name }) => ({ id: choiceIdOf(spec) as string, name }));
}

/** The spec of the choice the page names (`null`: the default); undefined when it is none. */
export function specOfChoiceId(id: string | null): string | null | undefined {
  if (id === null) return null;
  return modelChoices().find((choice) => choiceIdOf(choice.spec) === id)?.spec;
}

/** A conversation's settings as the page gets them: each model by its id. */
export function settingsForPage(settings: ConversationSettings): ConversationSettings {
  return {
    ...settings,
    model: choiceIdOf(settings.model),
    cast: {
      ...settings.cast,
      participants: settings.cast.participants.map((p) => ({ ...p, model: choiceIdOf(p.model) })),
    },
  };
}
