"use server";

import { type ChatError, toChatError } from "@/lib/chat/chat-error";
import {
  type ContinueConversationResult,
  continueConversation as continueWith,
} from "@/lib/chat/continue-conversation";
import type { Message } from "@/lib/chat/message";
import { env } from "@/lib/env";
import { getChatModel } from "@/lib/models/chat-model";
import { type ModelStatus, modelStatus } from "@/lib/models/model-status";

export type { Message };

/**
 * The reference contract: the history in, the history plus the assistant's reply out. It is a
 * public endpoint, so `history` is validated as `unknown` whatever its declared type.
 */
export async function continueConversation(
  history: Message[],
): Promise<ContinueConversationResult> {
  try {
    const settings = env();
    return await continueWith(history, {
      model: getChatModel().model,
      system: settings.CHAT_SYSTEM_PROMPT,
      limits: {
        maxMessages: settings.CHAT_MAX_MESSAGES,
        maxMessageChars: settings.CHAT_MAX_MESSAGE_CHARS,
        maxTotalChars: settings.CHAT_MAX_TOTAL_CHARS,
      },
      maxOutputTokens: settings.CHAT_MAX_OUTPUT_TOKENS,
      temperature: settings.CHAT_TEMPERATURE,
      timeoutMs: settings.CHAT_TIMEOUT_MS,
      onError: logChatError,
    });
  } catch (error) {
    // Settings or CHAT_MODEL are wrong: say so in the page rather than as a bare 500.
    const chatError = toChatError(error, { timedOut: false });
    logChatError(chatError);
    return { error: chatError.toInfo() };
  }
}

function logChatError(error: ChatError) {
  console.error(`[chat] ${error.code}: ${error.message}`, error.cause ?? "");
}

/** The model's name and, while a local model downloads or loads, how far along it is. */
export async function getModelInfo(): Promise<
  { name: string; status: ModelStatus } | { error: string }
> {
  try {
    return { name: getChatModel().name, status: modelStatus() };
  } catch (error) {
    return { error: toChatError(error, { timedOut: false }).message };
  }
}
