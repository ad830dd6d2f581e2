const marker = Symbol.for("chat-completion.llama-cpp.error");

export type LlamaCppErrorCode =
  | "model-not-found"
  | "model-download-failed"
  | "model-load-failed"
  | "context-length-exceeded"
  | "queue-full"
  | "invalid-json-schema"
  | "invalid-tool-schema"
  | "generation-failed";

/**
 * With `context-length-exceeded`: what did not fit, in tokens, so that each API can say it in its
 * protocol's words (Anthropic clients read the numbers out of the message to shrink the request).
 */
export interface LlamaCppContextOverflow {
  promptTokens: number;
  /** Tokens asked for the reply (`maxTokens`, or 1 when unset). */
  replyTokens: number;
  contextTokens: number;
}

/** A failure of the local model, with a code callers can map to a user-facing message. */
export class LlamaCppError extends Error {
  readonly [marker] = true;
  readonly code: LlamaCppErrorCode;
  readonly overflow: LlamaCppContextOverflow | undefined;

  constructor({
    code,
    message,
    cause,
    overflow,
  }: {
    code: LlamaCppErrorCode;
    message: string;
    cause?: unknown;
    overflow?: LlamaCppContextOverflow;
  }) {
    super(message, { cause });
    this.name = "LlamaCppError";
    this.code = code;
    this.overflow = overflow;
  }

  /** Works across module copies (Next.js can load a module twice), unlike `instanceof`. */
  static isInstance(error: unknown): error is LlamaCppError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
