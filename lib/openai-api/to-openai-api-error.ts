import { APICallError, UnsupportedFunctionalityError } from "@ai-sdk/provider";
import { isAbortError } from "@ai-sdk/provider-utils";
import { ChatError } from "@/lib/chat/error";
import { LlamaCppError } from "@/lib/models/llama-cpp";
import { ModelConfigError } from "@/lib/models/model-config-error";
import { OpenAIApiError } from "./openai-api-error";

export const MODEL_UNAVAILABLE =
  "The model is not available: it is not set up correctly or could not be loaded (the server's log says why).";

/** Maps whatever a model call threw to the error the client gets, keeping it as `cause`. */
export function toOpenAIApiError(error: unknown, signal?: AbortSignal): OpenAIApiError {
  if (OpenAIApiError.isInstance(error)) return error;
  if (ChatError.isInstance(error) && error.code === "model-timeout") {
    return new OpenAIApiError("timeout", { message: error.message, cause: error });
  }
  const cause = { cause: error };
  if (signal?.aborted || isAbortError(error))
    return new OpenAIApiError("client_closed_request", cause);
  if (LlamaCppError.isInstance(error)) {
    switch (error.code) {
      case "context-length-exceeded":
        return new OpenAIApiError("context_length_exceeded", {
          message: error.message,
          param: "messages",
          cause: error,
        });
      case "invalid-json-schema":
        return new OpenAIApiError("invalid_value", {
          message: error.message,
          param: "response_format",
          cause: error,
        });
      case "invalid-tool-schema":
        return new OpenAIApiError("invalid_value", {
          message: error.message,
          param: "tools",
          cause: error,
        });
      case "queue-full":
        return new OpenAIApiError("rate_limit_exceeded", { message: error.message, cause: error });
      // The reasons below name files, download URLs and settings: the server's log has them
      // (these are 5xx, logged with their cause), the client a sentence.
      case "generation-failed":
        return new OpenAIApiError("server_error", cause);
      case "input-too-long":
        return new OpenAIApiError("context_length_exceeded", {
          message: error.message,
          param: inputParam(error.inputIndex),
          cause: error,
        });
      case "invalid-input":
        return new OpenAIApiError("invalid_value", {
          message: error.message,
          param: inputParam(error.inputIndex),
          cause: error,
        });
      case "invalid-dimensions":
        return new OpenAIApiError("unsupported_value", {
          message: error.message,
          param: "dimensions",
          cause: error,
        });
      default:
        return new OpenAIApiError("model_unavailable", {
          message: MODEL_UNAVAILABLE,
          cause: error,
        });
    }
  }
  if (ModelConfigError.isInstance(error)) {
    return new OpenAIApiError("model_unavailable", { message: MODEL_UNAVAILABLE, cause: error });
  }
  if (UnsupportedFunctionalityError.isInstance(error)) {
    return new OpenAIApiError("unsupported_value", { message: error.message, cause: error });
  }
  if (APICallError.isInstance(error)) return fromApiCallError(error);
  return new OpenAIApiError("server_error", cause);
}

/** An embedding input by its place in the request, as OpenAI names parameters. */
function inputParam(index: number | undefined): string {
  return index === undefined ? "input" : `input[${index}]`;
}

/** A remote model server's refusal: the client's fault (4xx) stays a 400, its own a 502. */
function fromApiCallError(error: APICallError): OpenAIApiError {
  const status = error.statusCode;
  const cause = { message: `The model server answered: ${error.message}`, cause: error };
  if (status === 429) return new OpenAIApiError("rate_limit_exceeded", cause);
  if (status !== undefined && status >= 400 && status < 500 && ![401, 403, 404].includes(status)) {
    return new OpenAIApiError("invalid_value", cause);
  }
  return new OpenAIApiError("upstream_error", cause);
}
