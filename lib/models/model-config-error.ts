const marker = Symbol.for("chat-completion.model-config.error");

/** CHAT_MODEL (or a setting it needs) is wrong; the message says how to fix it. */
export class ModelConfigError extends Error {
  readonly [marker] = true;

  constructor(message: string) {
    super(message);
    this.name = "ModelConfigError";
  }

  static isInstance(error: unknown): error is ModelConfigError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
