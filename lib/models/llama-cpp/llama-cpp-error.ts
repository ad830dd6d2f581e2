const marker = Symbol.for("chat-completion.llama-cpp.error");

export type LlamaCppErrorCode =
  | "model-not-found"
  | "model-download-failed"
  | "model-load-failed"
  | "context-length-exceeded"
  | "queue-full"
  | "invalid-json-schema"
  | "invalid-tool-schema"
  | "generation-failed"
  /** An embedding input longer than the model reads at once. */
  | "input-too-long"
  /** An embedding input that is empty, or holds a token id the model does not know. */
  | "invalid-input"
  /** An embedding width the model cannot give (it is not Matryoshka-trained, or too narrow). */
  | "invalid-dimensions";

/**
 * With `context-length-exceeded`: what did not fit, in tokens, so that each API can say it in its
 * protocol's words (Anthropic clients read the numbers out of the message to shrink the request).
 */
export interface LlamaCppContextOverflow {
  /** The prompt's tokens; at least this many when it was refused before being tokenized. */
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
  /** With `input-too-long` and `invalid-input`: which of the call's inputs, from 0. */
  readonly inputIndex: number | undefined;

  constructor({
    code,
    message,
    cause,
    overflow,
    inputIndex,
  }: {
    code: LlamaCppErrorCode;
    message: string;
    cause?: unknown;
    overflow?: LlamaCppContextOverflow;
    inputIndex?: number;
  }) {
    super(message, { cause });
    this.name = "LlamaCppError";
    this.code = code;
    this.overflow = overflow;
    this.inputIndex = inputIndex;
  }

  /** Works across module copies (Next.js can load a module twice), unlike `instanceof`. */
  static isInstance(error: unknown): error is LlamaCppError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
