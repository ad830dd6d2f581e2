import type { Message } from "./message";

export interface HistorySync {
  /** How many stored messages stay (a prefix); the rest are deleted. */
  keep: number;
  /** Messages the request adds after the kept ones (normally the user's new message). */
  append: Message[];
}

/**
 * What to do to the stored conversation so that it equals what the page sent: the page sends the
 * whole history each turn, and has appended (send), dropped the last reply (regenerate) or cut
 * the tail at an edited message (edit). The longest common prefix is kept, the rest replaced.
 */
export function syncHistory(stored: readonly Message[], incoming: readonly Message[]): HistorySync {
  let keep = 0;
  while (
    keep < stored.length &&
    keep < incoming.length &&
    stored[keep]?.role === incoming[keep]?.role &&
    stored[keep]?.content === incoming[keep]?.content
  ) {
    keep++;
  }
  return { keep, append: incoming.slice(keep) };
}
