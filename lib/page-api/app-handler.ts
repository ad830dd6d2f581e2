import "server-only";
import { getFairShares } from "@/lib/accounts/app-fair-shares";
import { logChatError } from "@/lib/chat/error";
import { turnSettingsFrom } from "@/lib/chat/turn";
import { env } from "@/lib/env";
import { fileLimitsFrom } from "@/lib/files";
import { guardAppRequest } from "@/lib/http/app-request-guard";
import { loggableError } from "@/lib/log/loggable-error";
import { getAppMcpServers } from "@/lib/mcp/app-mcp-servers";
import { getChatModel, modelNameFor } from "@/lib/models/chat-model";
import { choiceIdFor, specOfChoiceId } from "@/lib/models/model-choice-ids";
import { modelInputsOf } from "@/lib/models/model-inputs";
import { appFileChooser, appUploadIndexing } from "@/lib/retrieval/app-retrieval";
import { ownerOfRequest, requestCookies, viewerOfRequest } from "@/lib/session/owner-of-request";
import { getChatStore } from "@/lib/store";
import { usageDay } from "@/lib/store/accounts-store";
import { appAccountRoutes } from "./app-account-routes";
import { createPageApi, type PageApiHandler } from "./create-page-api";

let handler: PageApiHandler | undefined;

/**
 * The app's page API, built from the settings on its first request (never at import, so a build
 * reads no settings and loads no model). app/api/[...path]/route.ts mounts this.
 */
export function handlePageApiRequest(request: Request): Promise<Response> {
  handler ??= createAppHandler();
  return handler(request);
}

function createAppHandler(): PageApiHandler {
  const settings = env();
  const accounts = settings.CHAT_AUTH === "accounts";
  return createPageApi({
    viewerOf: viewerOfRequest,
    store: getChatStore,
    turn: {
      settings: turnSettingsFrom(settings),
      modelFor: (choice) => {
        const chatModel = getChatModel(choice);
        return { ...chatModel, inputs: modelInputsOf(chatModel.spec) };
      },
      mcpServers: async (ownerId) => (await getAppMcpServers()).servers.forOwner(ownerId),
      models: {
        idOf: choiceIdFor,
        nameOf: (spec) => modelNameFor(spec) ?? "the default model",
        specOf: specOfChoiceId,
      },
      // Usage is per person: counted with accounts (the admin page's report, tokens per day).
      onUsage: accounts
        ? (usage) => {
            getChatStore()
              .then((store) =>
                store.recordUsage({ ...usage, day: usageDay(new Date()), messages: 1 }),
              )
              .catch((error) => console.error("[usage] not recorded:", loggableError(error)));
          }
        : undefined,
      fileChooser: appFileChooser,
      onError: logChatError,
      onSaveError: (error) => console.error("[chat] saving a reply failed:", loggableError(error)),
    },
    maxBodyBytes: settings.CHAT_MAX_BODY_BYTES,
    imports: {
      maxBytes: settings.CHAT_MAX_IMPORT_BYTES,
      timeLimitMs: settings.CHAT_IMPORT_TIME_LIMIT_MS,
      memoryMb: settings.CHAT_IMPORT_MEMORY_MB,
      maxMessageChars: settings.CHAT_MAX_IMPORT_MESSAGE_CHARS,
    },
    files: { limits: fileLimitsFrom(settings) },
    fileIndexing: appUploadIndexing(settings.CHAT_FILE_CONTEXT_CHARS),
    staleAfterMs: settings.CHAT_TOTAL_TIMEOUT_MS,
    guard: (request) => guardAppRequest(request, requestCookies(request)),
    accounts: accounts ? appAccountRoutes(ownerOfRequest) : undefined,
    fairShares: accounts ? getFairShares() : undefined,
  });
}
