import { type ChatError, toChatError } from "@/lib/chat/chat-error";
import { type ChatUIMessage, toMessages } from "@/lib/chat/chat-ui-message";
import { streamReply } from "@/lib/chat/stream-reply";
import { validateHistory } from "@/lib/chat/validate-history";
import { env } from "@/lib/env";
import { getChatModel } from "@/lib/models/chat-model";
import { chatRequestSchema } from "./schema";

export const dynamic = "force-dynamic";
export const maxDuration = 30;

/** Streams the next assistant message for the page (AI SDK UI message stream). */
export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return errorResponse(400, "invalid-request", "The request body is not valid JSON.");
  }
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    return errorResponse(400, "invalid-request", "The request does not look like a conversation.");
  }

  try {
    const settings = env();
    const validation = validateHistory(toMessages(parsed.data.messages), {
      maxMessages: settings.CHAT_MAX_MESSAGES,
      maxMessageChars: settings.CHAT_MAX_MESSAGE_CHARS,
      maxTotalChars: settings.CHAT_MAX_TOTAL_CHARS,
    });
    if (!validation.ok) return errorResponse(400, "invalid-request", validation.message);

    const chatModel = getChatModel();
    return streamReply({
      conversationId: parsed.data.id,
      history: validation.history,
      // Shape-checked by the schema and content-checked above; the SDK only reads ids and parts.
      originalMessages: parsed.data.messages as ChatUIMessage[],
      model: chatModel.model,
      modelName: chatModel.name,
      system: settings.CHAT_SYSTEM_PROMPT,
      maxOutputTokens: settings.CHAT_MAX_OUTPUT_TOKENS,
      temperature: settings.CHAT_TEMPERATURE,
      timeoutMs: settings.CHAT_TIMEOUT_MS,
      onError: logChatError,
    });
  } catch (error) {
    const chatError = toChatError(error, { timedOut: false });
    logChatError(chatError);
    return errorResponse(500, chatError.code, chatError.message);
  }
}

function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

function logChatError(error: ChatError) {
  console.error(`[chat] ${error.code}: ${error.message}`, error.cause ?? "");
}
