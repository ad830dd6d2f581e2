import type { LlamaCppMessage } from "../llama-cpp-engine";

export interface TrimOldestOptions {
  /** Prompt tokens allowed (the context less what the reply needs). */
  budget: number;
  /** Tokens of the rendered prompt of these messages. */
  promptTokens: (messages: LlamaCppMessage[]) => number;
  /** Tokens of one message's text, to place the cut. */
  messageTokens: (message: LlamaCppMessage) => number;
}

/**
 * Drops the oldest turns of a conversation that does not fit, keeping the system message and the
 * last user message, or returns undefined when even that does not fit.
 *
 * The cut is made in steps of half the budget, counted from the start of the conversation: the
 * first kept message is the first user message that begins after k half-budgets, for the smallest
 * k that fits. It depends only on the messages before it, so as the conversation grows the same
 * cut is chosen turn after turn (and the trimmed prompt stays a prefix of the next one, reused from
 * the cache) until about half a budget more has been said; then it moves one step. Right after a
 * cut, what is kept is about half the budget plus the turn that overflowed.
 */
export function trimOldest(
  messages: LlamaCppMessage[],
  { budget, promptTokens, messageTokens }: TrimOldestOptions,
): { messages: LlamaCppMessage[]; dropped: number } | undefined {
  if (promptTokens(messages) <= budget) return { messages, dropped: 0 };
  const { head, body, lastUser } = partsOf(messages);
  if (lastUser <= 0) return undefined;

  // Where each possible first kept message (a user message) begins, in tokens from the start.
  const cuts: Array<{ index: number; start: number }> = [];
  let start = 0;
  body.forEach((message, index) => {
    if (index > 0 && index <= lastUser && message.role === "user") cuts.push({ index, start });
    start += messageTokens(message);
  });
  const step = Math.max(1, Math.floor(budget / 2));
  let tried = 0;
  for (let limit = step; tried < lastUser; limit += step) {
    const cut = cuts.find((candidate) => candidate.start >= limit)?.index ?? lastUser;
    if (cut === tried) continue;
    tried = cut;
    const kept = [...head, ...body.slice(cut)];
    if (promptTokens(kept) <= budget) return { messages: kept, dropped: cut };
  }
  return undefined;
}

/** What trimming never drops: the system message and everything from the last user message on. */
export function neverTrimmed(messages: LlamaCppMessage[]): LlamaCppMessage[] {
  const { head, body, lastUser } = partsOf(messages);
  return [...head, ...body.slice(Math.max(lastUser, 0))];
}

function partsOf(messages: LlamaCppMessage[]) {
  const head = messages[0]?.role === "system" ? messages.slice(0, 1) : [];
  const body = messages.slice(head.length);
  return { head, body, lastUser: body.findLastIndex((message) => message.role === "user") };
}
