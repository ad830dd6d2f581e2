/**
 * An import stopped before its end by a limit of the server (time, memory) or a failure of the
 * worker reading it. Conversations stored before it stopped stay (each is whole); `imported` says
 * how many, and the message says so in one sentence for the person importing.
 */
export class ImportStoppedError extends Error {
  override name = "ImportStoppedError";

  constructor(
    readonly reason: "time" | "memory" | "failed",
    readonly imported: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
