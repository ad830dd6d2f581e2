import { APICallError, LoadAPIKeyError } from "@ai-sdk/provider";
import { RetryError } from "ai";
import { loggableError } from "@/lib/log/loggable-error";
import { LlamaCppError } from "@/lib/models/llama-cpp/llama-cpp-error";
import { ModelConfigError } from "@/lib/models/model-config-error";

/** Everything that can stop a turn, each with the sentence the user reads. */
export type ChatErrorCode =
  | "invalid-request"
  | "model-config"
  | "model-auth"
  | "model-unreachable"
  | "model-not-found"
  | "model-rate-limited"
  | "conversation-too-long"
  | "model-timeout"
  | "model-failed";

/** What crosses to the browser: a code and a message, never a stack. */
export interface ChatErrorInfo {
  code: ChatErrorCode;
  message: string;
}

const marker = Symbol.for("chat-completion.chat.error");

export class ChatError extends Error {
  readonly [marker] = true;
  readonly code: ChatErrorCode;

  constructor(code: ChatErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ChatError";
    this.code = code;
  }

  static isInstance(error: unknown): error is ChatError {
    return typeof error === "object" && error !== null && marker in error;
  }

  toInfo(): ChatErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** The server's log line for a failed turn, with the original error (without the prompt). */
export function logChatError(error: ChatError): void {
  console.error(`[chat] ${error.code}: ${error.message}`, loggableError(error.cause) ?? "");
}

/**
 * What every visitor reads when the model is not set up or will not load. The reason (a file
 * path, a download URL, a setting's value) is the operator's to read, in the server's log.
 */
export const MODEL_CONFIG_MESSAGE =
  "The model is not set up correctly, or could not be loaded: the server's log says why.";

/**
 * Maps whatever a model call threw to a ChatError, keeping the original as `cause`. The message
 * is for whoever uses the page: it names no file path, server address or raw error text of the
 * server's; logChatError writes those to the log.
 */
export function toChatError(error: unknown): ChatError {
  if (ChatError.isInstance(error)) return error;
  if (RetryError.isInstance(error)) return toChatError(error.lastError);
  if (ModelConfigError.isInstance(error) || LoadAPIKeyError.isInstance(error)) {
    return new ChatError("model-config", MODEL_CONFIG_MESSAGE, { cause: error });
  }
  if (LlamaCppError.isInstance(error)) return fromLlamaCppError(error);
  if (APICallError.isInstance(error)) return fromApiCallError(error);
  return new ChatError("model-failed", "The model failed to answer. Try again.", { cause: error });
}

function fromLlamaCppError(error: LlamaCppError): ChatError {
  const cause = { cause: error };
  switch (error.code) {
    case "context-length-exceeded":
      return new ChatError(
        "conversation-too-long",
        `This conversation no longer fits in the model's memory. Start a new conversation. (${error.message})`,
        cause,
      );
    case "invalid-json-schema":
    case "invalid-tool-schema":
      return new ChatError("invalid-request", error.message, cause);
    case "queue-full":
      return new ChatError("model-rate-limited", error.message, cause);
    case "generation-failed":
      return new ChatError("model-failed", "The model failed to answer. Try again.", cause);
    default:
      return new ChatError("model-config", MODEL_CONFIG_MESSAGE, cause);
  }
}

function fromApiCallError(error: APICallError): ChatError {
  const status = error.statusCode;
  const cause = { cause: error };
  if (status === undefined) {
    return new ChatError(
      "model-unreachable",
      "The model server could not be reached. Check that it is running.",
      cause,
    );
  }
  if (status === 401 || status === 403) {
    return new ChatError(
      "model-auth",
      `The model server refused the API key (HTTP ${status}). Check the key setting.`,
      cause,
    );
  }
  if (status === 404) {
    return new ChatError(
      "model-not-found",
      "The model server does not know this model (HTTP 404). Check CHAT_MODEL.",
      cause,
    );
  }
  if (status === 429) {
    return new ChatError(
      "model-rate-limited",
      "The model server is busy (HTTP 429). Wait a moment and try again.",
      cause,
    );
  }
  // The server's own words say what was wrong (a prompt over its context, a bad parameter…).
  const said = error.message.trim().slice(0, 300);
  return new ChatError(
    "model-failed",
    `The model server answered with an error (HTTP ${status})${said ? `: ${said}` : "."}`,
    cause,
  );
}
