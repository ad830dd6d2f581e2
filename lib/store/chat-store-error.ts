const marker = Symbol.for("chat.store.error");

export type ChatStoreErrorCode =
  | "invalid-database-url"
  | "invalid-cursor"
  | "invalid-title"
  | "invalid-id"
  | "id-taken"
  | "invalid-parent"
  | "migration-failed";

/** A store call the caller got wrong, or a database that could not be prepared. */
export class ChatStoreError extends Error {
  readonly [marker] = true;
  readonly code: ChatStoreErrorCode;

  constructor(code: ChatStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ChatStoreError";
    this.code = code;
  }

  /** Works across bundles, where `instanceof` may see two copies of this class. */
  static isInstance(error: unknown): error is ChatStoreError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
