import type { LanguageModelV4FinishReason } from "@ai-sdk/provider";
import { outputTextOf } from "./response-event-mapper";
import type { ResponsesRequest } from "./responses-schema";
import type {
  OutputItem,
  ResponseError,
  ResponseObject,
  ResponseSettings,
  ResponseUsage,
} from "./responses-types";

/** Who a response is: its id, when it began (Unix seconds), the model, and what was asked. */
export interface ResponseIdentity {
  id: string;
  createdAt: number;
  model: string;
  settings: ResponseSettings;
}

/** What a request asked for, as the response object echoes it. */
export function responseSettingsOf(
  request: ResponsesRequest,
  maxOutputTokens: number | undefined,
): ResponseSettings {
  return {
    instructions: request.instructions ?? null,
    max_output_tokens: maxOutputTokens ?? null,
    metadata: request.metadata,
    parallel_tool_calls: request.parallelToolCalls ?? true,
    previous_response_id: request.previousResponseId ?? null,
    reasoning: {
      effort: request.reasoningEffort ?? null,
      summary: request.reasoningSummary ?? null,
    },
    store: request.store,
    temperature: request.temperature ?? null,
    text: { format: request.textFormat },
    tool_choice: request.toolChoiceAsSent,
    tools: request.toolsAsSent,
    top_p: request.topP ?? null,
    truncation: request.truncation,
  };
}

/** How a reply ended, as the response's status. */
export type ResponseEnd =
  | { status: "in_progress" }
  | {
      status: "completed" | "incomplete";
      finishReason: LanguageModelV4FinishReason;
      usage: ResponseUsage;
    }
  | { status: "failed"; error: ResponseError };

/** The status a finished reply gets: cut by the token limit or a filter, it is `incomplete`. */
export function statusOf(finishReason: LanguageModelV4FinishReason): "completed" | "incomplete" {
  return finishReason.unified === "length" || finishReason.unified === "content-filter"
    ? "incomplete"
    : "completed";
}

/** The response object, as created (in progress) or ended. */
export function responseObject(
  identity: ResponseIdentity,
  output: OutputItem[],
  end: ResponseEnd,
  completedAt: number | null = null,
): ResponseObject {
  return {
    id: identity.id,
    object: "response",
    created_at: identity.createdAt,
    completed_at: end.status === "completed" ? completedAt : null,
    status: end.status,
    model: identity.model,
    output,
    output_text: outputTextOf(output),
    error: end.status === "failed" ? end.error : null,
    incomplete_details:
      end.status === "incomplete"
        ? {
            reason:
              end.finishReason.unified === "content-filter"
                ? "content_filter"
                : "max_output_tokens",
          }
        : null,
    usage: end.status === "completed" || end.status === "incomplete" ? end.usage : null,
    background: false,
    service_tier: "default",
    user: null,
    ...identity.settings,
  };
}
