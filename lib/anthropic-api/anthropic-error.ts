import { LlamaCppError } from "@/lib/models/llama-cpp";
import { type OpenAIApiError, type OpenAIApiErrorCode, toOpenAIApiError } from "@/lib/openai-api";

export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

/** The body of every error response, and the `error` event that ends a failed stream. */
export interface AnthropicErrorBody {
  type: "error";
  error: { type: AnthropicErrorType; message: string };
}

/**
 * The one table of this protocol's errors: every failure `/v1` knows (lib/openai-api's codes,
 * which classify what went wrong once for every protocol) as Anthropic's HTTP status and error
 * type. The message is the failure's own.
 */
export const anthropicErrors = {
  invalid_json: { status: 400, type: "invalid_request_error" },
  missing_required_parameter: { status: 400, type: "invalid_request_error" },
  invalid_type: { status: 400, type: "invalid_request_error" },
  invalid_value: { status: 400, type: "invalid_request_error" },
  unsupported_parameter: { status: 400, type: "invalid_request_error" },
  unsupported_value: { status: 400, type: "invalid_request_error" },
  context_length_exceeded: { status: 400, type: "invalid_request_error" },
  invalid_api_key: { status: 401, type: "authentication_error" },
  model_not_found: { status: 404, type: "not_found_error" },
  unknown_url: { status: 404, type: "not_found_error" },
  method_not_allowed: { status: 405, type: "invalid_request_error" },
  request_too_large: { status: 413, type: "request_too_large" },
  /** A remote model server's 429; the local model's full queue is `overloaded_error` (below). */
  rate_limit_exceeded: { status: 429, type: "rate_limit_error" },
  /** The client went away; nobody reads this one. */
  client_closed_request: { status: 499, type: "api_error" },
  server_error: { status: 500, type: "api_error" },
  upstream_error: { status: 502, type: "api_error" },
  model_unavailable: { status: 503, type: "api_error" },
  timeout: { status: 504, type: "timeout_error" },
  /** More tools than CHAT_API_MAX_TOOLS. */
  array_above_max_length: { status: 400, type: "invalid_request_error" },
  // Responses API codes: never thrown on /v1/messages, kept so the table covers every code.
  response_not_found: { status: 404, type: "not_found_error" },
  previous_response_not_found: { status: 400, type: "invalid_request_error" },
} as const satisfies Record<OpenAIApiErrorCode, { status: number; type: AnthropicErrorType }>;

/** The local model's wait queue is full: the server is busy, as Anthropic's 529 says. */
const OVERLOADED = { status: 529, type: "overloaded_error" } as const;

export interface AnthropicFailure {
  status: number;
  body: AnthropicErrorBody;
  headers: Record<string, string>;
  /** The failure as `/v1` classified it, with the original error as its cause (for the log). */
  failure: OpenAIApiError;
}

/**
 * Maps whatever a request or a model call threw to Anthropic's error envelope. A prompt that does
 * not fit is said in Anthropic's exact words, with the numbers, because Claude Code reads them:
 * `prompt is too long: …` makes it compact the conversation, `input length and \`max_tokens\`
 * exceed context limit: …` makes it ask again with a smaller `max_tokens`.
 */
export function toAnthropicFailure(
  error: unknown,
  { signal, retryAfterSeconds = 1 }: { signal?: AbortSignal; retryAfterSeconds?: number } = {},
): AnthropicFailure {
  const failure = toOpenAIApiError(error, signal);
  const queueFull = LlamaCppError.isInstance(failure.cause) && failure.cause.code === "queue-full";
  const { status, type } = queueFull ? OVERLOADED : anthropicErrors[failure.code];
  const headers: Record<string, string> = {};
  if (status === 429 || status === 529) {
    headers["retry-after"] = String(failure.retryAfterSeconds ?? retryAfterSeconds);
  }
  if (failure.allow) headers.allow = failure.allow.join(", ");
  return {
    status,
    body: { type: "error", error: { type, message: messageOf(failure) } },
    headers,
    failure,
  };
}

function messageOf(failure: OpenAIApiError): string {
  const overflow = LlamaCppError.isInstance(failure.cause) ? failure.cause.overflow : undefined;
  if (failure.code !== "context_length_exceeded" || !overflow) return failure.message;
  const { promptTokens, replyTokens, contextTokens } = overflow;
  // The longest prompt leaves one token for the reply.
  if (promptTokens >= contextTokens) {
    return `prompt is too long: ${promptTokens} tokens > ${contextTokens - 1} maximum`;
  }
  return `input length and \`max_tokens\` exceed context limit: ${promptTokens} + ${replyTokens} > ${contextTokens}, decrease input length or \`max_tokens\` and try again`;
}
