import { createIdGenerator } from "@ai-sdk/provider-utils";
import { type ReplyLimits, underReplyLimits } from "@/lib/chat/limits";
import type { ChatModel } from "@/lib/models/chat-model";
import type { ModelInputs } from "@/lib/models/model-inputs";
import type { ChatStore } from "@/lib/store";
import { allowMethods } from "../allow-method";
import type { ApiCaller } from "../api-caller";
import { type CallerShares, countingUsage } from "../caller-share";
import { OpenAIApiError } from "../openai-api-error";
import { applyRequestLimits, type RequestLimits } from "../request-limits";
import { sseResponse } from "../sse-response";
import { toOpenAIApiError } from "../to-openai-api-error";
import { createResponse } from "./create-response";
import { inputItemsPage } from "./input-items-page";
import { createResponsesRequestParser } from "./parse-responses-request";
import { resolveConversation } from "./resolve-conversation";
import type { ItemIdPrefix } from "./response-event-mapper";
import { type ResponseIdentity, responseSettingsOf } from "./response-object";
import { streamResponse } from "./response-stream";
import type { ResponseObject } from "./responses-types";
import { fromStoredResponse, toStoredResponse } from "./stored-items";
import { responsesLimitedFields, toResponsesCallOptions } from "./to-responses-call-options";

export interface ResponsesApiOptions {
  getModel: () => ChatModel;
  /** Told of each model call's tokens, for the caller's usage. */
  onUsage?: CallerShares["onUsage"];
  /** Where responses are kept (`store`, `previous_response_id`); opened on first need. */
  getStore: () => Promise<ChatStore>;
  maxBodyBytes: number;
  replyLimits: ReplyLimits;
  /** Whether the served model takes images and PDFs (lib/models/model-inputs.ts). */
  modelInputs: (model: ChatModel) => ModelInputs;
  /** What one request may ask of the model (request-limits.ts, shared by every /v1 protocol). */
  requestLimits: RequestLimits;
  now: () => Date;
  /** Ids of responses (`resp_…`) and items (`msg_…`, `fc_…`, `rs_…`). */
  generateId?: (prefix: "resp" | ItemIdPrefix) => string;
  /** Told of every failure that is the server's fault (5xx), with the original as `cause`. */
  onError?: (error: OpenAIApiError) => void;
  modelNotFound: (requested: string, served: string) => OpenAIApiError;
}

const generators = new Map<string, () => string>();
function defaultId(prefix: string): string {
  let generate = generators.get(prefix);
  if (!generate) {
    generate = createIdGenerator({ prefix, separator: "_", size: 24 });
    generators.set(prefix, generate);
  }
  return generate();
}

/**
 * The Responses API over the same model calls as chat completions: `POST /v1/responses`,
 * `GET` and `DELETE /v1/responses/{id}`, `GET /v1/responses/{id}/input_items`. Returns the
 * route for a path under `/v1/responses`, or undefined for any other path.
 */
export function createResponsesApi(options: ResponsesApiOptions) {
  const parseRequest = createResponsesRequestParser(options.maxBodyBytes);
  const newId = options.generateId ?? defaultId;
  const nowSeconds = () => Math.floor(options.now().getTime() / 1000);

  async function create(request: Request, caller: ApiCaller): Promise<Response> {
    const body = await parseRequest(request);
    const served = options.getModel();
    const { name } = served;
    if (body.model !== name || !caller.mayUseServedModel) {
      throw options.modelNotFound(body.model, name);
    }
    const report = options.onUsage;
    const model = countingUsage(served.model, report && ((usage) => report(caller, name, usage)));
    const { ownerId } = caller;
    const startedAt = options.now();
    const { conversation, inputItems, paramOf } = await resolveConversation(
      body,
      ownerId,
      options.getStore,
      newId,
    );
    // Refused here, before the reply limits start their timers.
    const limited = applyRequestLimits(
      toResponsesCallOptions(body, {
        conversation,
        paramOf,
        ownerId,
        accepts: {
          spec: served.spec,
          name,
          inputs: options.modelInputs(served),
          maxFileBytes: options.requestLimits.maxFileBytes,
        },
      }),
      options.requestLimits,
      responsesLimitedFields,
    );
    const { limits, callOptions, reasonOf } = underReplyLimits(
      limited,
      request.signal,
      options.replyLimits,
    );
    const failure = (error: unknown) => toOpenAIApiError(reasonOf(error), request.signal);
    const identity: ResponseIdentity = {
      id: newId("resp"),
      createdAt: Math.floor(startedAt.getTime() / 1000),
      model: name,
      // The limit the client set, as clamped; none when it set none (as OpenAI answers).
      settings: responseSettingsOf(
        body,
        body.maxOutputTokens === undefined ? undefined : callOptions.maxOutputTokens,
      ),
    };
    const keep = body.store
      ? async (response: ResponseObject) =>
          (await options.getStore()).saveResponse(
            toStoredResponse(response, ownerId, inputItems, startedAt),
          )
      : undefined;

    if (!body.stream) {
      let response: ResponseObject;
      try {
        response = await createResponse(model, callOptions, identity, newId, nowSeconds);
      } catch (error) {
        throw failure(error);
      } finally {
        limits.end();
      }
      await keep?.(response);
      return Response.json(response);
    }
    try {
      const events = await streamResponse(model, callOptions, identity, {
        newItemId: newId,
        nowSeconds,
        onOutput: limits.output,
        onEnd: limits.end,
        onFinish: keep,
        describeError: (error) => {
          const apiError = failure(error);
          if (apiError.status >= 500) options.onError?.(apiError);
          return { code: apiError.code, message: apiError.message };
        },
      });
      return sseResponse(events);
    } catch (error) {
      limits.end();
      throw failure(error);
    }
  }

  async function stored(request: Request, id: string, { ownerId }: ApiCaller): Promise<Response> {
    allowMethods(request, "GET", "DELETE");
    const store = await options.getStore();
    if (request.method === "DELETE") {
      if (!(await store.deleteResponse(ownerId, id))) throw notFound(id);
      return Response.json({ id, object: "response", deleted: true });
    }
    const response = await store.getResponse(ownerId, id);
    if (!response) throw notFound(id);
    return Response.json(fromStoredResponse(response));
  }

  async function inputItems(request: Request, id: string, caller: ApiCaller): Promise<Response> {
    allowMethods(request, "GET");
    const chain = await (await options.getStore()).getResponseChain(caller.ownerId, id);
    if (!chain) throw notFound(id);
    return Response.json(inputItemsPage(chain, new URL(request.url).searchParams));
  }

  /** The route of a path under /v1/responses for a caller whose key was checked; else undefined. */
  return (request: Request, path: string, caller: ApiCaller): Promise<Response> | undefined => {
    if (path === "/v1/responses") {
      allowMethods(request, "POST");
      return create(request, caller);
    }
    const match = /^\/v1\/responses\/([^/]+)(\/input_items)?$/.exec(path);
    if (!match?.[1]) return undefined;
    const id = decodeURIComponent(match[1]);
    return match[2] ? inputItems(request, id, caller) : stored(request, id, caller);
  };
}

function notFound(id: string): OpenAIApiError {
  return new OpenAIApiError("response_not_found", {
    message: `Response with id '${id}' not found.`,
  });
}
