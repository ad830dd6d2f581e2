import type { ChatErrorCode } from "./chat-error";

export interface ReadChatError {
  code?: ChatErrorCode;
  message: string;
}

/**
 * What the page shows for a failed turn. A refused request arrives as our JSON error body; an
 * error during the stream as its message; a lost connection as the browser's fetch error.
 */
export function readChatError(error: Error): ReadChatError {
  try {
    const body: unknown = JSON.parse(error.message);
    if (typeof body === "object" && body !== null && "error" in body) {
      const inner = body.error as { code?: ChatErrorCode; message?: unknown };
      if (typeof inner.message === "string") return { code: inner.code, message: inner.message };
    }
  } catch {
    // not JSON: one of the other two kinds
  }
  if (
    error instanceof TypeError ||
    /failed to fetch|network ?error|load failed/i.test(error.message)
  ) {
    return {
      message: "The server could not be reached. Check your connection, then retry.",
    };
  }
  return { message: error.message || "Something went wrong. Retry." };
}
