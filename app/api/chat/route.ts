import { logChatError, toChatError } from "@/lib/chat/chat-error";
import { type ChatUIMessage, toMessages } from "@/lib/chat/chat-ui-message";
import { historyLimitsFrom } from "@/lib/chat/history-limits";
import { stopLiveReply } from "@/lib/chat/live-replies";
import { replyLimitsFrom } from "@/lib/chat/reply-limits";
import { createReplySaver } from "@/lib/chat/reply-saver";
import { streamReply } from "@/lib/chat/stream-reply";
import { syncHistory } from "@/lib/chat/sync-history";
import { validateHistory } from "@/lib/chat/validate-history";
import { env } from "@/lib/env";
import { apiErrorResponse } from "@/lib/http/api-error-response";
import { formatBytes, readJsonBody } from "@/lib/http/read-json-body";
import { getChatModel } from "@/lib/models/chat-model";
import { currentOwnerId } from "@/lib/session/current-owner";
import { ChatStoreError, type ConversationWithMessages, getChatStore } from "@/lib/store";
import { chatRequestSchema } from "./schema";

export const dynamic = "force-dynamic";
// Above CHAT_TOTAL_TIMEOUT_MS's default (15 min), so a reply ends by our limit, with our message.
export const maxDuration = 960;

/**
 * Streams the next assistant message for the page (AI SDK UI message stream). Write order: the
 * stored conversation is brought in line with what the page sent (user message committed) before
 * the model is called; the reply is saved while it streams and when it ends.
 */
export async function POST(request: Request): Promise<Response> {
  const settings = env();
  const body = await readJsonBody(request, settings.CHAT_MAX_BODY_BYTES);
  if (!body.ok && body.problem === "too-large") {
    return apiErrorResponse(
      413,
      "invalid-request",
      `This message is too large to send: a request may carry at most ${formatBytes(body.maxBytes)}.`,
    );
  }
  if (!body.ok)
    return apiErrorResponse(400, "invalid-request", "The request body is not valid JSON.");
  const parsed = chatRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    return apiErrorResponse(
      400,
      "invalid-request",
      "The request does not look like a conversation.",
    );
  }
  const { id: conversationId, messages } = parsed.data;

  try {
    const validation = validateHistory(toMessages(messages), historyLimitsFrom(settings));
    if (!validation.ok) return apiErrorResponse(400, "invalid-request", validation.message);

    const ownerId = await currentOwnerId();
    if (!ownerId) return notFound();
    const store = await getChatStore();
    const conversation = await openOrCreate(ownerId, conversationId);
    if (!conversation) return notFound();

    const { keep, append } = syncHistory(conversation.messages, validation.history);
    if (keep < conversation.messages.length) {
      await store.truncateAfter(
        ownerId,
        conversationId,
        conversation.messages[keep - 1]?.seq ?? -1,
      );
    }
    for (const message of append) await store.appendMessage(ownerId, conversationId, message);
    const reply = await store.appendMessage(ownerId, conversationId, {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    if (!reply) return notFound();

    const chatModel = getChatModel(conversation.model);
    return streamReply({
      ownerId,
      conversationId,
      replyId: reply.id,
      history: validation.history,
      // Shape-checked by the schema and content-checked above; the SDK only reads ids and parts.
      originalMessages: messages as ChatUIMessage[],
      model: chatModel.model,
      modelName: chatModel.name,
      system: conversation.systemPrompt ?? settings.CHAT_SYSTEM_PROMPT,
      maxOutputTokens: settings.CHAT_MAX_OUTPUT_TOKENS,
      temperature: settings.CHAT_TEMPERATURE,
      limits: replyLimitsFrom(settings),
      saver: createReplySaver(store, ownerId, reply.id, {
        onError: (error) => console.error("[chat] saving a reply failed:", error),
        // Stop taken by another instance sharing the database.
        onStopRequested: () => stopLiveReply(ownerId, conversationId),
      }),
      onError: logChatError,
    });
  } catch (error) {
    const chatError = toChatError(error);
    logChatError(chatError);
    return apiErrorResponse(500, chatError.code, chatError.message);
  }
}

/** The owner's conversation, or a new one under the page's id; undefined if the id is not theirs. */
async function openOrCreate(
  ownerId: string,
  id: string,
): Promise<ConversationWithMessages | undefined> {
  const store = await getChatStore();
  const existing = await store.getConversation(ownerId, id);
  if (existing) return existing;
  try {
    return { ...(await store.createConversation({ ownerId, id })), messages: [] };
  } catch (error) {
    // Someone else's id (or no id at all) is not found, never forbidden.
    if (
      ChatStoreError.isInstance(error) &&
      (error.code === "id-taken" || error.code === "invalid-id")
    ) {
      return undefined;
    }
    throw error;
  }
}

function notFound(): Response {
  return apiErrorResponse(404, "invalid-request", "This conversation does not exist.");
}
