import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4ToolChoice,
} from "@ai-sdk/provider";
import type { StoredResponseItem } from "@/lib/store";
import type { ApiToolChoice } from "../schema";
import type { ResponsesRequest } from "./responses-schema";
import { toResponsesPrompt } from "./to-responses-prompt";

export interface ResponsesCallContext {
  /** The conversation the model continues: the stored chain's items, then this request's. */
  conversation: readonly StoredResponseItem[];
  /** Where each conversation item came from, for the `param` of a refusal. */
  paramOf: (index: number) => string;
  /** Whose request it is: the API key's owner (responses-owner.ts). */
  ownerId: string;
  /** The most output tokens one request may ask for. */
  outputTokenLimit: number;
  abortSignal?: AbortSignal;
}

/**
 * A `/v1/responses` request as AI SDK call options: the one place where the Responses protocol
 * meets the model call (the owner and the shared limits of every /v1 protocol go here).
 * Fields left unset keep the model's defaults.
 */
export function toResponsesCallOptions(
  request: ResponsesRequest,
  { conversation, paramOf, ownerId, outputTokenLimit, abortSignal }: ResponsesCallContext,
): LanguageModelV4CallOptions {
  return {
    prompt: toResponsesPrompt(request.instructions, conversation, paramOf),
    maxOutputTokens: clampOutputTokens(request.maxOutputTokens, outputTokenLimit),
    temperature: request.temperature,
    topP: request.topP,
    responseFormat: request.responseFormat,
    tools:
      request.tools.length === 0
        ? undefined
        : request.tools.map(
            (tool): LanguageModelV4FunctionTool => ({
              type: "function",
              name: tool.name,
              description: tool.description,
              inputSchema: tool.parameters,
            }),
          ),
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
    abortSignal,
  };
}

/**
 * `max_output_tokens` above the limit is lowered to it, never refused. Absent stays absent (the
 * reply may run to the end of the context): a default of the limit would exceed a small local
 * model's whole context and refuse every request.
 * TODO(lead): shared clamp — replace with the function chat completions uses
 * (CHAT_API_MAX_OUTPUT_TOKENS).
 */
export function clampOutputTokens(requested: number | undefined, limit: number) {
  return requested === undefined ? undefined : Math.min(requested, limit);
}

function toToolChoice(choice: ApiToolChoice | undefined): LanguageModelV4ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === "object") return { type: "tool", toolName: choice.name };
  return { type: choice };
}
