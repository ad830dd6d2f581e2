import "server-only";
import { historyLimitsFrom } from "@/lib/chat/history-limits";
import { replyLimitsFrom } from "@/lib/chat/reply-limits";
import { env } from "@/lib/env";
import { getChatModel } from "@/lib/models/chat-model";
import { getEmbeddingModel } from "@/lib/models/embedding-model";
import { modelStatus } from "@/lib/models/model-status";
import { createOpenAIApi, type OpenAIApiHandler } from "./create-openai-api";

let handler: OpenAIApiHandler | undefined;

/**
 * The app's API, built from the settings on its first request (never at import, so a build or a
 * page load reads no settings and loads no model). The route files under app/ mount this.
 */
export function handleOpenAIApiRequest(request: Request): Promise<Response> {
  handler ??= createAppHandler();
  return handler(request);
}

function createAppHandler(): OpenAIApiHandler {
  const settings = env();
  return createOpenAIApi({
    getModel: () => getChatModel(),
    getEmbeddingModel,
    modelStatus,
    apiKeys: settings.CHAT_API_KEYS,
    limits: historyLimitsFrom(settings),
    maxBodyBytes: settings.CHAT_MAX_BODY_BYTES,
    replyLimits: replyLimitsFrom(settings),
    onError: (error) =>
      console.error(`[openai-api] ${error.code}: ${error.message}`, error.cause ?? ""),
  });
}
