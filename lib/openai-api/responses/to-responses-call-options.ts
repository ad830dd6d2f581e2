import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import type { StoredResponseItem } from "@/lib/store";
import type { FileAcceptance } from "../check-file-parts";
import type { LimitedFields } from "../request-limits";
import { toFunctionTool, toToolChoice } from "../to-sdk-tools";
import type { ResponsesRequest } from "./responses-schema";
import { toResponsesPrompt } from "./to-responses-prompt";

export interface ResponsesCallContext {
  /** The conversation the model continues: the stored chain's items, then this request's. */
  conversation: readonly StoredResponseItem[];
  /** Where each conversation item came from, for the `param` of a refusal. */
  paramOf: (index: number) => string;
  /** Whose request it is: the API key's owner (authorize.ts). */
  ownerId: string;
  /** What the served model takes besides text (a user's images and PDFs are checked). */
  accepts: FileAcceptance;
}

/**
 * A `/v1/responses` request as AI SDK call options: the one place where the Responses protocol
 * meets the model call (with the owner; the handler then applies the limits every /v1 protocol
 * shares, request-limits.ts). Fields left unset keep the model's defaults.
 */
export function toResponsesCallOptions(
  request: ResponsesRequest,
  { conversation, paramOf, ownerId, accepts }: ResponsesCallContext,
): LanguageModelV4CallOptions {
  return {
    prompt: toResponsesPrompt(request.instructions, conversation, paramOf, accepts),
    maxOutputTokens: request.maxOutputTokens,
    temperature: request.temperature,
    topP: request.topP,
    responseFormat: request.responseFormat,
    tools: request.tools.length === 0 ? undefined : request.tools.map(toFunctionTool),
    toolChoice: toToolChoice(request.toolChoice),
    reasoning: request.reasoningEffort,
    // Providers read their own key: ours (llamaCpp) and OpenAI's.
    providerOptions: {
      llamaCpp: {
        // Shared decision: requests of different owners never share a cached prefix.
        cacheOwner: ownerId,
        ...(request.parallelToolCalls === undefined
          ? {}
          : { parallelToolCalls: request.parallelToolCalls }),
        ...(request.truncation === "auto" ? { overflow: "trim-oldest" } : {}),
      },
      ...(request.parallelToolCalls === undefined
        ? {}
        : { openai: { parallelToolCalls: request.parallelToolCalls } }),
    },
  };
}

/** How the Responses API names the fields the request limits refuse. */
export const responsesLimitedFields: LimitedFields = {
  tools: "tools",
  toolSchema: (index) => `tools[${index}].parameters`,
  responseSchema: "text.format.schema",
};
