import { generateId as defaultGenerateId } from "@ai-sdk/provider-utils";
import type { HistoryLimits } from "@/lib/chat/limits";
import { type ReplyLimits, underReplyLimits } from "@/lib/chat/limits";
import { parseEnv } from "@/lib/env";
import { requestPath } from "@/lib/http/request-path";
import type { ChatModel } from "@/lib/models/chat-model";
import { countPromptTokens } from "@/lib/models/count-prompt-tokens";
import { type ModelInputs, modelInputsOf } from "@/lib/models/model-inputs";
import {
  type ApiCaller,
  type ApiKeyCheck,
  applyRequestLimits,
  bearerKey,
  type CallerShares,
  checkFilePart,
  countingUsage,
  type FileAcceptance,
  OpenAIApiError,
  operatorKeyCheck,
  type RequestLimits,
  requestLimitsFrom,
  sseResponse,
  withinShare,
} from "@/lib/openai-api";
import { toAnthropicFailure } from "./anthropic-error";
import { createMessage, type MessageIdentity } from "./create-message";
import { createMessagesRequestParser } from "./parse-messages-request";
import type { MessagesRequest } from "./schema";
import { streamMessage } from "./stream-message";
import { messagesLimitedFields, toCallOptions } from "./to-call-options";

export interface AnthropicApiOptions {
  /** The model served. Called per request, so it must be cheap (getChatModel caches). */
  getModel: () => ChatModel;
  /** When non-empty, requests need one of these as `x-api-key` or `Authorization: Bearer`. */
  apiKeys?: readonly string[];
  /** Who a key is (accounts: a person's own keys besides the operator's); default: `apiKeys`. */
  checkKey?: ApiKeyCheck;
  /** Each caller's share of the model and what they use (with accounts). */
  shares?: CallerShares;
  /** How much conversation one request may carry. */
  limits: HistoryLimits;
  /** Largest request body read; larger gets 413. */
  maxBodyBytes: number;
  /** How long a reply may be silent (streamed) and run in all. */
  replyLimits: ReplyLimits;
  /** What one request may ask of the model, shared by every /v1 protocol. Default: lib/env.ts's. */
  requestLimits?: RequestLimits;
  /** Whether the served model takes images and PDFs. Default: modelInputsOf its spec. */
  modelInputs?: (model: ChatModel) => ModelInputs;
  /** Told to clients when the model is busy. Default 1 s. */
  retryAfterSeconds?: number;
  /** Ids of messages. Default `msg_` and 16 random characters. */
  generateId?: () => string;
  /** Told of every failure that is the server's fault (5xx), with the original as `cause`. */
  onError?: (error: OpenAIApiError) => void;
}

export type AnthropicApiHandler = (request: Request) => Promise<Response>;

/** The Messages API's paths; the /v1 handler hands these to this one. */
export const MESSAGES_PATH = "/v1/messages";

/**
 * Anthropic's Messages API as one web-standard handler: `POST /v1/messages` (whole or streamed)
 * and `POST /v1/messages/count_tokens`, with Anthropic's error envelope. The /v1 handler mounts
 * it (lib/openai-api), so both protocols share the host, body and key rules and the model.
 */
export function createAnthropicApi(options: AnthropicApiOptions): AnthropicApiHandler {
  const generateId = options.generateId ?? (() => `msg_${defaultGenerateId()}`);
  const requestLimits = options.requestLimits ?? requestLimitsFrom(parseEnv({}));
  const modelInputs = options.modelInputs ?? ((served: ChatModel) => modelInputsOf(served.spec));
  const checkKey = options.checkKey ?? operatorKeyCheck(options.apiKeys ?? []);
  const parseMessages = createMessagesRequestParser(options.limits, options.maxBodyBytes, {
    countTokens: false,
  });
  const parseCountTokens = createMessagesRequestParser(options.limits, options.maxBodyBytes, {
    countTokens: true,
  });

  const errorResponse = (error: unknown, request: Request): Response => {
    const { status, body, headers, failure } = toAnthropicFailure(error, {
      signal: request.signal,
      retryAfterSeconds: options.retryAfterSeconds,
    });
    if (status >= 500 && failure.code !== "client_closed_request") options.onError?.(failure);
    return Response.json(body, { status, headers });
  };

  /** Anthropic's clients send `x-api-key`; Claude Code with an auth token sends a bearer key. */
  async function authorize(request: Request): Promise<ApiCaller> {
    const verdict = await checkKey(request.headers.get("x-api-key") ?? bearerKey(request), request);
    if (verdict === "missing") {
      throw new OpenAIApiError("invalid_api_key", {
        message:
          "x-api-key header is required: send one of the server's keys as x-api-key (or Authorization: Bearer).",
      });
    }
    if (verdict === "wrong") {
      throw new OpenAIApiError("invalid_api_key", { message: "invalid x-api-key" });
    }
    return verdict;
  }

  /**
   * Every image and document of the conversation is one the served model takes, within the size
   * limit: else a 400 naming the block (`messages.0.content.1`), never a silent drop.
   */
  function checkTurnFiles(body: MessagesRequest, served: ChatModel): void {
    const accepts: FileAcceptance = {
      spec: served.spec,
      name: served.name,
      inputs: modelInputs(served),
      maxFileBytes: requestLimits.maxFileBytes,
    };
    for (const [index, turn] of body.messages.entries()) {
      if (turn.role !== "user") continue;
      for (const part of turn.parts) {
        if (part.type !== "file") continue;
        const param = `messages.${index}.content.${part.at}`;
        try {
          checkFilePart(part.file, param, accepts);
        } catch (error) {
          if (!OpenAIApiError.isInstance(error)) throw error;
          // Anthropic's messages start with the field's path.
          throw new OpenAIApiError(error.code, { message: `${param}: ${error.message}`, param });
        }
      }
    }
  }

  /** The one model served, whatever `claude-…` name is asked (see docs/anthropic-api.md). */
  function modelFor(requested: string, caller: ApiCaller): ChatModel {
    const served = options.getModel();
    const named = requested === served.name || requested.startsWith("claude-");
    if (named && caller.mayUseServedModel) return served;
    throw new OpenAIApiError("model_not_found", {
      message: `model: ${requested} does not exist on this server; it serves '${served.name}' and answers to claude-… names with it.`,
      param: "model",
    });
  }

  async function messages(request: Request, caller: ApiCaller): Promise<Response> {
    const body = await parseMessages(request);
    const served = modelFor(body.model, caller);
    checkTurnFiles(body, served);
    const report = options.shares?.onUsage;
    const model = countingUsage(
      served.model,
      report && ((usage) => report(caller, served.name, usage)),
    );
    // Refused here, before the reply limits start their timers.
    const limited = applyRequestLimits(
      toCallOptions(body, { cacheOwner: caller.ownerId }),
      requestLimits,
      messagesLimitedFields,
    );
    const { limits, callOptions, reasonOf } = underReplyLimits(
      limited,
      request.signal,
      options.replyLimits,
    );
    const identity: MessageIdentity = { id: generateId(), model: body.model };
    if (!body.stream) {
      try {
        return Response.json(await createMessage(model, callOptions, identity));
      } catch (error) {
        throw reasonOf(error);
      } finally {
        limits.end();
      }
    }
    try {
      const events = await streamMessage(model, callOptions, identity, {
        onOutput: limits.output,
        onEnd: limits.end,
        describeError: (error) => {
          const described = toAnthropicFailure(reasonOf(error), { signal: request.signal });
          if (described.status >= 500) options.onError?.(described.failure);
          return described.body;
        },
      });
      return sseResponse(events);
    } catch (error) {
      limits.end();
      throw reasonOf(error);
    }
  }

  async function countTokens(request: Request, caller: ApiCaller): Promise<Response> {
    const body = await parseCountTokens(request);
    const served = modelFor(body.model, caller);
    const { model } = served;
    checkTurnFiles(body, served);
    // The tools are documented in the prompt counted: the same limits hold.
    const callOptions = applyRequestLimits(
      toCallOptions(body, { cacheOwner: caller.ownerId }),
      requestLimits,
      messagesLimitedFields,
    );
    const { tokens } = await countPromptTokens(model, callOptions);
    return Response.json({ input_tokens: tokens });
  }

  return async (request) => {
    try {
      const path = requestPath(request);
      const caller = await authorize(request);
      if (path === MESSAGES_PATH) {
        allowPost(request);
        return await withinShare(options.shares ?? {}, caller, () => messages(request, caller));
      }
      if (path === `${MESSAGES_PATH}/count_tokens`) {
        allowPost(request);
        return await countTokens(request, caller);
      }
      throw new OpenAIApiError("unknown_url", {
        message: `Unknown request URL: ${request.method} ${path}.`,
      });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

function allowPost(request: Request) {
  if (request.method === "POST") return;
  throw new OpenAIApiError("method_not_allowed", {
    message: `${request.method} is not allowed here; use POST.`,
    allow: ["POST"],
  });
}
