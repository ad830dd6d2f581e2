import { createUIMessageStreamResponse } from "ai";
import { logChatError, toChatError } from "@/lib/chat/error/chat-error";
import { replyLimitsFrom } from "@/lib/chat/limits/reply-limits";
import { stopLiveReply } from "@/lib/chat/live/live-replies";
import { chatRequestSchema } from "@/lib/chat/request/chat-request";
import { toolStepsOf } from "@/lib/chat/tools/tool-answers";
import { prepareReply } from "@/lib/chat/turn/prepare-reply";
import { replyPrompt } from "@/lib/chat/turn/reply-prompt";
import { createReplySaver } from "@/lib/chat/turn/reply-saver";
import { streamReply } from "@/lib/chat/turn/stream-reply";
import { env } from "@/lib/env";
import { apiErrorResponse } from "@/lib/http/api-error-response";
import { formatBytes, readJsonBody } from "@/lib/http/read-json-body";
import { loggableError } from "@/lib/log/loggable-error";
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
    if (prepared.reply === null) return noReplyResponse();
    const { conversation, replyId, continues, speaker, next } = prepared.reply;
    const prompt = await replyPrompt(prepared.reply, settings);
    const response = streamReply({
      ownerId,
      conversationId,
      replyId,
      history: prompt.history,
      continues,
      tools: prompt.tools,
      maxSteps: Math.max(1, settings.CHAT_MAX_STEPS - toolStepsOf(continues ?? [])),
      model: prompt.model,
      modelName: prompt.modelName,
      system: prompt.system,
      // Said only where there is someone to tell apart: a plain chat's replies are unchanged.
      about:
        conversation.cast.participants.length > 1
          ? { speaker, ...(next.length ? { next } : {}) }
          : {},
      maxOutputTokens: settings.CHAT_MAX_OUTPUT_TOKENS,
      temperature: settings.CHAT_TEMPERATURE,
      limits: replyLimitsFrom(settings),
      saver: createReplySaver(store, ownerId, replyId, {
        onError: (error) => console.error("[chat] saving a reply failed:", loggableError(error)),
        // Stop taken by another instance sharing the database.
        onStopRequested: () => stopLiveReply(ownerId, conversationId),
      }),
      onError: logChatError,
    });
    if (parsed.data.trigger !== "continue") return response;
    // A participant's turn without a message of the user's: the page follows it as a reply of its
    // own (/api/chat/<id>/stream?reply=…), since useChat would add it to the last reply. The reply
    // goes on being generated and recorded whether or not this response is read.
    await response.body?.cancel();
    return Response.json({ replyId, speaker }, { status: 202 });
  } catch (error) {
    const chatError = toChatError(error);
    logChatError(chatError);
    return apiErrorResponse(500, chatError.code, chatError.message);
  }
}

/** The user's message is stored and nobody answers it (the manual order): an empty turn. */
function noReplyResponse(): Response {
  return createUIMessageStreamResponse({
    stream: new ReadableStream({
      start(controller) {
        controller.enqueue({ type: "start" });
        controller.enqueue({ type: "finish", messageMetadata: { noReply: true } });
        controller.close();
      },
    }),
  });
}

function notFound(): Response {
  return apiErrorResponse(404, "invalid-request", "This conversation does not exist.");
}
