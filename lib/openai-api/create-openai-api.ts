import { generateId as defaultGenerateId } from "@ai-sdk/provider-utils";
import type { HistoryLimits } from "@/lib/chat/limits";
import { type ReplyLimits, underReplyLimits } from "@/lib/chat/limits";
import { parseEnv } from "@/lib/env";
import { requestPath } from "@/lib/http/request-path";
import type { ChatModel } from "@/lib/models/chat-model";
import type { EmbeddingModelEntry } from "@/lib/models/embedding-model";
import { type ModelInputs, modelInputsOf } from "@/lib/models/model-inputs";
import type { ModelStatus } from "@/lib/models/model-status";
import type { ChatStore } from "@/lib/store";
import { allowMethods } from "./allow-method";
import { type ApiCaller, type ApiKeyCheck, operatorKeyCheck } from "./api-caller";
import { createAuthorizer } from "./authorize";
import { type CallerShares, countingUsage, withinShare } from "./caller-share";
import { type CompletionIdentity, createChatCompletion } from "./chat-completion";
import { streamChatCompletion } from "./chat-completion-stream";
import { checkMessageFiles } from "./check-file-parts";
import { embeddingRequestSchema } from "./embedding-schema";
import { createEmbeddings } from "./embeddings";
import { healthResponse } from "./health";
import { describeModel } from "./models";
import { OpenAIApiError } from "./openai-api-error";
import { createChatCompletionRequestParser } from "./parse-chat-completion-request";
import { createJsonRequestParser } from "./parse-json-request";
import { applyRequestLimits, type RequestLimits, requestLimitsFrom } from "./request-limits";
import { createResponsesApi } from "./responses/create-responses-api";
import { sseResponse } from "./sse-response";
import { toCallOptions } from "./to-call-options";
import { toOpenAIApiError } from "./to-openai-api-error";

export interface OpenAIApiOptions {
  /** The model served. Called per request, so it must be cheap (getChatModel caches). */
  getModel: () => ChatModel;
  /**
   * The model `POST /v1/embeddings` serves (CHAT_EMBEDDING_MODEL), called per request like
   * `getModel`. Absent: that URL is unknown.
   */
  getEmbeddingModel?: () => EmbeddingModelEntry;
  /** How far the model is from ready, for `GET /health`. */
  modelStatus: () => ModelStatus;
  /** When non-empty, `/v1/*` needs `Authorization: Bearer <one of these>`. */
  apiKeys?: readonly string[];
  /**
   * Who a key is (accounts: a person's own keys besides the operator's); default: the operator's
   * `apiKeys`. Every protocol under /v1 checks keys with it.
   */
  checkKey?: ApiKeyCheck;
  /** Each caller's share of the model and what they use (with accounts). */
  shares?: CallerShares;
  /** How much conversation one request may carry. */
  limits: HistoryLimits;
  /** What one request may ask of the model (output tokens, tools, schemas). Default: lib/env.ts's. */
  requestLimits?: RequestLimits;
  /**
   * Whether the served model takes images and PDFs. Default: modelInputsOf its spec, with the
   * process's settings (lib/models/model-inputs.ts).
   */
  modelInputs?: (model: ChatModel) => ModelInputs;
  /** Largest request body read; larger gets 413. */
  maxBodyBytes: number;
  /** How long a reply may be silent (streamed) and run in all. */
  replyLimits: ReplyLimits;
  /** Told to clients when the model's wait queue is full. Default 1 s. */
  retryAfterSeconds?: number;
  now?: () => Date;
  /** Ids of chat completions. Default `chatcmpl-` and 16 random characters. */
  generateId?: () => string;
  /** Told of every failure that is the server's fault (5xx), with the original as `cause`. */
  onError?: (error: OpenAIApiError) => void;
  /** Where `/v1/responses` keeps responses (`store`, `previous_response_id`); opened on first need. */
  getStore?: () => Promise<ChatStore>;
  /**
   * Other protocols under /v1, each the handler of the paths under its prefix (Anthropic's
   * Messages API at /v1/messages): they answer in their own protocol, keys and errors included.
   */
  mounts?: ReadonlyArray<{ prefix: string; handler: (request: Request) => Promise<Response> }>;
}

export type OpenAIApiHandler = (request: Request) => Promise<Response>;

/**
 * The OpenAI-compatible API as one web-standard handler: `POST /v1/chat/completions`,
 * `/v1/responses` (responses/), `POST /v1/embeddings`, `GET /v1/models`, `GET /v1/models/{id}`
 * and `GET /health`. Next's route files only mount it.
 */
export function createOpenAIApi(options: OpenAIApiOptions): OpenAIApiHandler {
  const now = options.now ?? (() => new Date());
  const generateId = options.generateId ?? (() => `chatcmpl-${defaultGenerateId()}`);
  const authorize = createAuthorizer(options.checkKey ?? operatorKeyCheck(options.apiKeys ?? []));
  const parseRequest = createChatCompletionRequestParser(options.limits, options.maxBodyBytes);
  const parseEmbeddingRequest = createJsonRequestParser(
    embeddingRequestSchema,
    options.maxBodyBytes,
  );
  const createdAt = unixSeconds(now());
  const requestLimits = options.requestLimits ?? requestLimitsFrom(parseEnv({}));
  const modelInputs = options.modelInputs ?? ((served: ChatModel) => modelInputsOf(served.spec));
  const responses = createResponsesApi({
    getModel: options.getModel,
    onUsage: options.shares?.onUsage,
    getStore:
      options.getStore ??
      (() => Promise.reject(new Error("No store was given to keep responses in."))),
    maxBodyBytes: options.maxBodyBytes,
    replyLimits: options.replyLimits,
    requestLimits,
    modelInputs,
    now,
    onError: options.onError,
    modelNotFound,
  });

  const errorResponse = (error: OpenAIApiError): Response => {
    if (error.status >= 500 && error.code !== "client_closed_request") options.onError?.(error);
    const headers: Record<string, string> = {};
    if (error.code === "rate_limit_exceeded") {
      headers["retry-after"] = String(error.retryAfterSeconds ?? options.retryAfterSeconds ?? 1);
    }
    if (error.code === "invalid_api_key") headers["www-authenticate"] = "Bearer";
    if (error.allow) headers.allow = error.allow.join(", ");
    return Response.json(error.toBody(), { status: error.status, headers });
  };

  async function chatCompletions(request: Request, caller: ApiCaller): Promise<Response> {
    const body = await parseRequest(request);
    const served = options.getModel();
    const { name } = served;
    if (body.model !== name || !caller.mayUseServedModel) throw modelNotFound(body.model, name);
    checkMessageFiles(body.messages, {
      spec: served.spec,
      name,
      inputs: modelInputs(served),
      maxFileBytes: requestLimits.maxFileBytes,
    });
    const report = options.shares?.onUsage;
    const model = countingUsage(served.model, report && ((usage) => report(caller, name, usage)));
    // Refused here, before the reply limits start their timers.
    const limited = applyRequestLimits(
      toCallOptions(body, { cacheOwner: caller.ownerId }),
      requestLimits,
    );
    const { limits, callOptions, reasonOf } = underReplyLimits(
      limited,
      request.signal,
      options.replyLimits,
    );
    const failure = (error: unknown) => toOpenAIApiError(reasonOf(error), request.signal);
    const identity: CompletionIdentity = {
      id: generateId(),
      created: unixSeconds(now()),
      model: name,
    };
    if (!body.stream) {
      try {
        return Response.json(await createChatCompletion(model, callOptions, identity));
      } catch (error) {
        throw failure(error);
      } finally {
        limits.end();
      }
    }
    try {
      const chunks = await streamChatCompletion(model, callOptions, identity, {
        includeUsage: body.includeUsage,
        onOutput: limits.output,
        onEnd: limits.end,
        describeError: (error) => {
          const apiError = failure(error);
          if (apiError.status >= 500) options.onError?.(apiError);
          return apiError.toBody();
        },
      });
      return sseResponse(chunks);
    } catch (error) {
      limits.end();
      throw failure(error);
    }
  }

  async function embeddings(request: Request): Promise<Response> {
    const getEmbeddingModel = options.getEmbeddingModel;
    if (!getEmbeddingModel) throw unknownUrl(request, "/v1/embeddings");
    const body = await parseEmbeddingRequest(request);
    const served = getEmbeddingModel();
    if (body.model !== served.name) throw modelNotFound(body.model, served.name);
    return Response.json(await createEmbeddings(served, body, request.signal));
  }

  /** The chat model, then the embedding model if there is one, set up right, and not the same. */
  function servedModels() {
    const chat = describeModel(options.getModel(), createdAt);
    let embedding: ReturnType<typeof describeModel> | undefined;
    try {
      embedding =
        options.getEmbeddingModel && describeModel(options.getEmbeddingModel(), createdAt);
    } catch {
      // A wrong CHAT_EMBEDDING_MODEL is reported by /v1/embeddings itself; the chat model is listed.
    }
    return embedding && embedding.id !== chat.id ? [chat, embedding] : [chat];
  }

  async function route(request: Request, path: string): Promise<Response> {
    if (path === "/health") {
      allowMethods(request, "GET");
      return healthResponse(options.modelStatus());
    }
    if (path !== "/v1" && !path.startsWith("/v1/")) throw unknownUrl(request, path);
    const mount = options.mounts?.find(
      ({ prefix }) => path === prefix || path.startsWith(`${prefix}/`),
    );
    if (mount) return mount.handler(request);
    const caller = await authorize(request);
    const shares = options.shares ?? {};
    if (path === "/v1/chat/completions") {
      allowMethods(request, "POST");
      return withinShare(shares, caller, () => chatCompletions(request, caller));
    }
    const response =
      path === "/v1/responses" && request.method === "POST"
        ? withinShare(shares, caller, () => responses(request, path, caller) as Promise<Response>)
        : responses(request, path, caller);
    if (response) return response;
    if (path === "/v1/embeddings") {
      allowMethods(request, "POST");
      return embeddings(request);
    }
    if (path === "/v1/models") {
      allowMethods(request, "GET");
      return Response.json({ object: "list", data: servedModels() });
    }
    if (path.startsWith("/v1/models/")) {
      allowMethods(request, "GET");
      const id = decodeURIComponent(path.slice("/v1/models/".length));
      const served = servedModels();
      const found = served.find((model) => model.id === id);
      if (!found) throw modelNotFound(id, served.map((model) => model.id).join("' and '"));
      return Response.json(found);
    }
    throw unknownUrl(request, path);
  }

  return async (request) => {
    try {
      const path = requestPath(request);
      return await route(request, path);
    } catch (error) {
      return errorResponse(toOpenAIApiError(error, request.signal));
    }
  };
}

function unknownUrl(request: Request, path: string): OpenAIApiError {
  return new OpenAIApiError("unknown_url", {
    message: `Unknown request URL: ${request.method} ${path}.`,
  });
}

function modelNotFound(requested: string, served: string): OpenAIApiError {
  return new OpenAIApiError("model_not_found", {
    message: `The model '${requested}' does not exist on this server; it serves '${served}' (GET /v1/models).`,
    param: "model",
  });
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
