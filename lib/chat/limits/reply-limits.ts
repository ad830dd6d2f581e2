import { ChatError } from "@/lib/chat/error";
import type { Env } from "@/lib/env";

/** How long a reply may run: settings CHAT_IDLE_TIMEOUT_MS and CHAT_TOTAL_TIMEOUT_MS. */
export interface ReplyLimits {
  /** Longest silence between two pieces of output, once output has begun. */
  idleMs: number;
  /** Longest reply from the request to its end, waiting and reading the prompt included. */
  totalMs: number;
}

export function replyLimitsFrom(settings: Env): ReplyLimits {
  return { idleMs: settings.CHAT_IDLE_TIMEOUT_MS, totalMs: settings.CHAT_TOTAL_TIMEOUT_MS };
}

export type ReplyLimitKind = "idle" | "total";

export interface ReplyLimitWatch {
  /** Aborts, with a `model-timeout` ChatError naming the limit as its reason, when one is hit. */
  readonly signal: AbortSignal;
  /** Which limit stopped the reply, if one did. */
  readonly exceeded: ReplyLimitKind | undefined;
  /** The model produced output (text, reasoning, a tool call's input): the idle clock restarts. */
  output(): void;
  /** The reply ended (or the caller takes over): no limit fires any more. */
  end(): void;
}

/**
 * Watches one reply. The idle clock starts at the first output, not at the request: waiting in
 * the local model's queue, loading it, reading a long prompt or a remote model thinking before it
 * streams anything can take minutes and is not "idle" — only the total limit covers that span (as
 * the AI SDK's own `timeout.chunkMs` does).
 */
export function watchReplyLimits(limits: ReplyLimits): ReplyLimitWatch {
  const controller = new AbortController();
  let exceeded: ReplyLimitKind | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const trip = (kind: ReplyLimitKind) => {
    if (controller.signal.aborted) return;
    exceeded = kind;
    clear();
    controller.abort(replyLimitError(kind, kind === "idle" ? limits.idleMs : limits.totalMs));
  };
  const totalTimer = setTimeout(() => trip("total"), limits.totalMs);
  const clear = () => {
    clearTimeout(totalTimer);
    clearTimeout(idleTimer);
  };

  return {
    signal: controller.signal,
    get exceeded() {
      return exceeded;
    },
    output() {
      if (controller.signal.aborted) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => trip("idle"), limits.idleMs);
    },
    end: clear,
  };
}

/**
 * A /v1 reply's call options under its limits: the model stops when the client goes away or a
 * limit trips. A limit stops it the way a client going away does; only the error differs, so
 * `reasonOf` turns what the stopped call threw into the limit's error.
 */
export function underReplyLimits<T extends object>(
  callOptions: T,
  clientSignal: AbortSignal,
  replyLimits: ReplyLimits,
) {
  const limits = watchReplyLimits(replyLimits);
  return {
    limits,
    callOptions: { ...callOptions, abortSignal: AbortSignal.any([clientSignal, limits.signal]) },
    reasonOf: (error: unknown): unknown => (limits.exceeded ? limits.signal.reason : error),
  };
}

/** The sentence the page and the API give for a reply a limit stopped. */
export function replyLimitError(kind: ReplyLimitKind, ms: number): ChatError {
  const message =
    kind === "idle"
      ? `The model sent nothing for ${formatDuration(ms)}, so the reply was stopped (idle limit).`
      : `The reply took longer than ${formatDuration(ms)}, so it was stopped (total limit).`;
  return new ChatError("model-timeout", message);
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  const minutes = seconds / 60;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min`;
}
