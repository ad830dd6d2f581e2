import "server-only";
import type { Limits } from "@/lib/accounts/access-policy";
import { getFairShares } from "@/lib/accounts/app-fair-shares";
import { accountKeyCheck } from "@/lib/accounts/person-keys";
import { createAnthropicApi, MESSAGES_PATH } from "@/lib/anthropic-api";
import { historyLimitsFrom, replyLimitsFrom } from "@/lib/chat/limits";
import { env } from "@/lib/env";
import { loggableError } from "@/lib/log/loggable-error";
import { getChatModel } from "@/lib/models/chat-model";
import { getEmbeddingModel } from "@/lib/models/embedding-model";
import { choiceIdFor } from "@/lib/models/model-choice-ids";
import { modelStatus } from "@/lib/models/model-status";
import { getChatStore } from "@/lib/store";
import { usageDay } from "@/lib/store/accounts-store";
import type { ApiCaller } from "./api-caller";
import type { CallUsage } from "./caller-share";
import { createOpenAIApi, type OpenAIApiHandler } from "./create-openai-api";
import { requestLimitsFrom } from "./request-limits";

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
  const shared = {
    getModel: () => getChatModel(),
    getEmbeddingModel,
    modelStatus,
    apiKeys: settings.CHAT_API_KEYS,
    // With accounts, each person's own keys too (lib/accounts/person-keys.ts).
    checkKey:
      settings.CHAT_AUTH === "accounts"
        ? accountKeyCheck({
            store: getChatStore,
            operatorKeys: settings.CHAT_API_KEYS,
            servedModelId: () => choiceIdFor(null),
            onError: (error) =>
              console.error("[accounts] a key's last use was not recorded:", loggableError(error)),
          })
        : undefined,
    shares:
      settings.CHAT_AUTH === "accounts"
        ? {
            admit: (ownerId: string, limits: Limits | undefined) =>
              getFairShares().admit(ownerId, limits),
            // The served model by its choice id, as the page's rows name models.
            onUsage: (caller: ApiCaller, _served: string, usage: CallUsage) => {
              getChatStore()
                .then((store) =>
                  store.recordUsage({
                    ownerId: caller.ownerId,
                    model: choiceIdFor(null),
                    day: usageDay(new Date()),
                    messages: 1,
                    ...usage,
                  }),
                )
                .catch((error) => console.error("[usage] not recorded:", loggableError(error)));
            },
          }
        : undefined,
    limits: historyLimitsFrom(settings),
    requestLimits: requestLimitsFrom(settings),
    maxBodyBytes: settings.CHAT_MAX_BODY_BYTES,
    replyLimits: replyLimitsFrom(settings),
  };
  const messages = createAnthropicApi({
    ...shared,
    onError: (error) =>
      console.error(
        `[anthropic-api] ${error.code}: ${error.message}`,
        loggableError(error.cause) ?? "",
      ),
  });
  return createOpenAIApi({
    ...shared,
    modelStatus,
    getStore: getChatStore,
    onError: (error) =>
      console.error(
        `[openai-api] ${error.code}: ${error.message}`,
        loggableError(error.cause) ?? "",
      ),
    mounts: [{ prefix: MESSAGES_PATH, handler: messages }],
  });
}
