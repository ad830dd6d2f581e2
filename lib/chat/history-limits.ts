/** How much conversation one request may carry; defaults and settings in lib/env.ts. */
export interface HistoryLimits {
  maxMessages: number;
  maxMessageChars: number;
  maxTotalChars: number;
}
