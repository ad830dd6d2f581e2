"use server";

import { logChatError, toChatError } from "@/lib/chat/error";
import { historyLimitsFrom } from "@/lib/chat/limits";
import type { Message } from "@/lib/chat/message";
import {
  type ContinueConversationResult,
  continueConversation as continueWith,
} from "@/lib/chat/reference";
import { env } from "@/lib/env";
import { getChatModel } from "@/lib/models/chat-model";
import { type ModelStatus, modelStatus } from "@/lib/models/model-status";
import { currentOwnerId } from "@/lib/session/current-owner";

export type { Message };

const BASIC_PAGE_TIMEOUT_MS = 25_000;

/**
 * The reference contract: the history in, the history plus the assistant's reply out. It is a
 * public endpoint, so `history` is validated as `unknown` whatever its declared type. With
 * `speaker`, the reply is that participant's (its `name`), written from its seat.
 */
export async function continueConversation(
  history: Message[],
  options: { speaker?: string } = {},
): Promise<ContinueConversationResult> {
  try {
    const settings = env();
    return await continueWith(history, {
      model: getChatModel().model,
      system: settings.CHAT_SYSTEM_PROMPT,
      limits: historyLimitsFrom(settings),
      maxOutputTokens: settings.CHAT_MAX_OUTPUT_TOKENS,
      temperature: settings.CHAT_TEMPERATURE,
      // The seed's page allows its action 30 s (maxDuration in app/basic/page.tsx): stop in time
      // to say so in the page, or sooner if the total limit is shorter.
      timeoutMs: Math.min(settings.CHAT_TOTAL_TIMEOUT_MS, BASIC_PAGE_TIMEOUT_MS),
      // Each browser's own cached prompts only (the local model's prefix reuse, issue 21).
      cacheOwner: (await currentOwnerId()) ?? "",
      onError: logChatError,
      speaker: options?.speaker,
    });
  } catch (error) {
    // Settings or CHAT_MODEL are wrong: say so in the page rather than as a bare 500.
    const chatError = toChatError(error);
    logChatError(chatError);
    return { error: chatError.toInfo() };
  }
}

/** The model's name and, while a local model downloads or loads, how far along it is. */
export async function getModelInfo(): Promise<
  { name: string; status: ModelStatus } | { error: string }
> {
  try {
    return { name: getChatModel().name, status: modelStatus() };
  } catch (error) {
    return { error: toChatError(error).message };
  }
}
