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

/** A failure of the local model, with a code callers can map to a user-facing message. */
export class LlamaCppError extends Error {
  readonly [marker] = true;
  readonly code: LlamaCppErrorCode;

  constructor({
    code,
    message,
    cause,
  }: { code: LlamaCppErrorCode; message: string; cause?: unknown }) {
    super(message, { cause });
    this.name = "LlamaCppError";
    this.code = code;
  }

  /** Works across module copies (Next.js can load a module twice), unlike `instanceof`. */
  static isInstance(error: unknown): error is LlamaCppError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
