import { errorCodes, type OpenAIApiErrorCode } from "./error-codes";

const marker = Symbol.for("chat-completion.openai-api.error");

/** The body of every error response, and of the SSE event that reports a failure mid-stream. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: OpenAIApiErrorCode };
}

/** An error the API answers with; status and type come from the one table in error-codes.ts. */
export class OpenAIApiError extends Error {
  readonly [marker] = true;
  readonly code: OpenAIApiErrorCode;
  /** The request field at fault, as a path such as `messages[0].content`. */
  readonly param: string | null;
  /** With `method_not_allowed`: the methods the URL takes (the response's `Allow` header). */
  readonly allow: readonly string[] | undefined;
  /** With `rate_limit_exceeded`: when the caller may go on (the `Retry-After` header), if known. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: OpenAIApiErrorCode,
    {
      message,
      param,
      allow,
      retryAfterSeconds,
      cause,
    }: {
      message?: string;
      param?: string;
      allow?: readonly string[];
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message ?? errorCodes[code].message, { cause });
    this.name = "OpenAIApiError";
    this.code = code;
    this.param = param ?? null;
    this.allow = allow;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get type(): string {
    return errorCodes[this.code].type;
  }

  toBody(): OpenAIErrorBody {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }

  static isInstance(error: unknown): error is OpenAIApiError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
