import { APICallError } from "@ai-sdk/provider";

export interface ReadChatError {
  /** The refusal's reason (lib/page-api/refusals.ts) or the failure's ChatError code. */
  code?: string;
  message: string;
  /**
   * The server refused the request (a 4xx before any reply): nothing of it was stored, so the
   * page puts the user's text back in the box.
   */
  refused: boolean;
}

/**
 * What the page shows for a failed turn. A refused or failed request arrives as our JSON error
 * body with its status; an error during the stream as its message; a lost connection as the
 * browser's fetch error.
 */
export function readChatError(error: Error): ReadChatError {
  const status = APICallError.isInstance(error) ? error.statusCode : undefined;
  const refused = status !== undefined && status >= 400 && status < 500;
  try {
    const body: unknown = JSON.parse(error.message);
    if (typeof body === "object" && body !== null && "error" in body) {
      const inner = body.error as { code?: unknown; message?: unknown };
      if (typeof inner.message === "string") {
        const code = typeof inner.code === "string" ? inner.code : undefined;
        return { code, message: inner.message, refused };
      }
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
      refused: false,
    };
  }
  return { message: error.message || "Something went wrong. Retry.", refused };
}
