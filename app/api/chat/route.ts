import { logChatError, toChatError } from "@/lib/chat/chat-error";
import { chatRequestSchema } from "@/lib/chat/chat-request";
import { conversationTools } from "@/lib/chat/conversation-tools";
import { stopLiveReply } from "@/lib/chat/live-replies";
import { toModelHistory } from "@/lib/chat/model-history";
import { prepareReply } from "@/lib/chat/prepare-reply";
import { replyLimitsFrom } from "@/lib/chat/reply-limits";
import { createReplySaver } from "@/lib/chat/reply-saver";
import { streamReply } from "@/lib/chat/stream-reply";
import { toolStepsOf } from "@/lib/chat/tool-answers";
import { env } from "@/lib/env";
import { apiErrorResponse } from "@/lib/http/api-error-response";
import { formatBytes, readJsonBody } from "@/lib/http/read-json-body";
import { getAppMcpServers } from "@/lib/mcp/app-mcp-servers";
import { getChatModel } from "@/lib/models/chat-model";
import { currentOwnerId } from "@/lib/session/current-owner";
import { getChatStore } from "@/lib/store";

export const dynamic = "force-dynamic";
// Above CHAT_TOTAL_TIMEOUT_MS's default (15 min), so a reply ends by our limit, with our message.
export const maxDuration = 960;

/**
 * Streams the next assistant message for the page (AI SDK UI message stream), or the rest of one
 * whose tool calls the user has just answered. Write order: the stored conversation is brought in
 * line with what the page sent (user message committed, or the answers applied) before the model
 * is called; the reply is saved while it streams and when it ends. The model sees the stored
 * conversation (lib/chat/model-history.ts), with the conversation's MCP tools.
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
      "The request does not say what to send: reload the page.",
    );
  }
  const { id: conversationId } = parsed.data;

  try {
    const ownerId = await currentOwnerId();
    if (!ownerId) return notFound();
    const store = await getChatStore();
    const prepared = await prepareReply(store, ownerId, parsed.data, settings);
    if (!prepared.ok) {
      return apiErrorResponse(prepared.status, "invalid-request", prepared.message);
    }
    const { conversation, replyId, continues } = prepared.reply;

    const chatModel = getChatModel(conversation.model);
    const tools = await conversationTools((await getAppMcpServers()).servers, conversation.tools);
    const history = await toModelHistory(prepared.reply.history, {
      tools: tools.tools,
      answered: prepared.reply.answered,
    });
    return streamReply({
      ownerId,
      conversationId,
      replyId,
      history,
      continues,
      tools,
      maxSteps: Math.max(1, settings.CHAT_MAX_STEPS - toolStepsOf(continues ?? [])),

      model: chatModel.model,
      modelName: chatModel.name,
      system: conversation.systemPrompt ?? settings.CHAT_SYSTEM_PROMPT,
      maxOutputTokens: settings.CHAT_MAX_OUTPUT_TOKENS,
      temperature: settings.CHAT_TEMPERATURE,
      limits: replyLimitsFrom(settings),
      saver: createReplySaver(store, ownerId, replyId, {
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

function notFound(): Response {
  return apiErrorResponse(404, "invalid-request", "This conversation does not exist.");
}
