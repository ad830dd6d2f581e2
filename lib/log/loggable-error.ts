import { APICallError } from "@ai-sdk/provider";
import { RetryError } from "ai";

/**
 * An error as the server's log should keep it: what went wrong and where, never the conversation.
 * The AI SDK's APICallError carries the whole request it made (`requestBodyValues`: every message,
 * the system prompt, the tools), and a failed query its parameters (a message's text): the log
 * gets their shape instead. Anything else, and the rest of a cause chain, is kept as it is.
 */
export function loggableError(error: unknown, depth = 0): unknown {
  if (depth > 8 || typeof error !== "object" || error === null) return error;
  if (APICallError.isInstance(error)) {
    return {
      name: error.name,
      message: error.message,
      url: error.url,
      statusCode: error.statusCode,
      isRetryable: error.isRetryable,
      responseBody: clip(error.responseBody),
      requestBodyValues: shapeOf(error.requestBodyValues),
      stack: error.stack,
      cause: loggableError(error.cause, depth + 1),
    };
  }
  if (RetryError.isInstance(error)) {
    return {
      name: error.name,
      message: error.message,
      reason: error.reason,
      errors: error.errors.map((inner) => loggableError(inner, depth + 1)),
    };
  }
  if (isQueryError(error)) {
    const message = `Failed query: ${error.query}`;
    return {
      name: error.name,
      message,
      params: `[${error.params.length} parameters, not logged]`,
      // The stack starts with the message, parameters and all.
      stack: error.stack?.replace(error.message, message),
      cause: loggableError(error.cause, depth + 1),
    };
  }
  if (error instanceof Error && error.cause !== undefined) {
    const cause = loggableError(error.cause, depth + 1);
    if (cause === error.cause) return error;
    return { name: error.name, message: error.message, stack: error.stack, cause };
  }
  return error;
}

/** A request body's settings (model, numbers, switches) kept; its content replaced by its size. */
function shapeOf(values: unknown): unknown {
  if (typeof values !== "object" || values === null) return values;
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      if (typeof value === "number" || typeof value === "boolean" || value == null) {
        return [key, value];
      }
      if (key === "model" && typeof value === "string") return [key, value];
      const size = Array.isArray(value)
        ? `${value.length} items`
        : typeof value === "string"
          ? `${value.length} characters`
          : "an object";
      return [key, `[${size}, not logged]`];
    }),
  );
}

function clip(text: string | undefined): string | undefined {
  return text && text.length > 1000 ? `${text.slice(0, 1000)}… (${text.length} characters)` : text;
}

/** drizzle's DrizzleQueryError, whose message lists the query's parameters. */
function isQueryError(
  error: object,
): error is Error & { query: string; params: unknown[]; cause?: unknown } {
  return (
    error instanceof Error &&
    "query" in error &&
    typeof error.query === "string" &&
    "params" in error &&
    Array.isArray(error.params)
  );
}
