import type { Env } from "@/lib/env";

/**
 * How much conversation one request may carry; defaults and settings in lib/env.ts. Length is
 * not limited here: whether a conversation fits is decided by the model, in tokens.
 */
export interface HistoryLimits {
  maxMessages: number;
}

export function historyLimitsFrom(settings: Env): HistoryLimits {
  return { maxMessages: settings.CHAT_MAX_MESSAGES };
}
