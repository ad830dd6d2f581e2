import type { Limits } from "./access-policy";

/** Which share a request is over, its size, and in how many seconds the person may go on. */
export interface OverShare {
  limit: "replies-at-once" | "requests-per-minute" | "tokens-per-day";
  max: number;
  retryAfterSeconds: number;
}

/** A request let in (`done` when its reply has ended), or why not. */
export type Admission = { ok: true; done: () => void } | { ok: false; over: OverShare };

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * Each person's fair share of the model (issue 22, item 5): replies at once, requests in the
 * last minute (a sliding window) and tokens in and out today (UTC; read from the usage the
 * replies recorded, so every instance sharing the database counts them). The first two are
 * counted in this process: with several instances, each allows them. A request is let in when it
 * is under every limit it has; a reply may take its share past `tokensPerDay`, and the next
 * request is then refused until midnight UTC.
 */
export class FairShares {
  private readonly running = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();

  constructor(
    /** Tokens (in and out) the owner has used on this UTC day (`YYYY-MM-DD`). */
    private readonly usedToday: (ownerId: string, day: string) => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  async admit(ownerId: string, limits: Limits | undefined): Promise<Admission> {
    if (!limits) return { ok: true, done: () => {} };
    const at = this.now();
    const running = this.running.get(ownerId) ?? 0;
    if (limits.repliesAtOnce !== null && running >= limits.repliesAtOnce) {
      return {
        ok: false,
        over: { limit: "replies-at-once", max: limits.repliesAtOnce, retryAfterSeconds: 1 },
      };
    }
    const recent = (this.recent.get(ownerId) ?? []).filter((time) => time > at - MINUTE_MS);
    if (limits.requestsPerMinute !== null && recent.length >= limits.requestsPerMinute) {
      const oldest = recent[recent.length - limits.requestsPerMinute] ?? at;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + MINUTE_MS - at) / 1000));
      return {
        ok: false,
        over: { limit: "requests-per-minute", max: limits.requestsPerMinute, retryAfterSeconds },
      };
    }
    if (limits.tokensPerDay !== null) {
      const day = new Date(at).toISOString().slice(0, 10);
      if ((await this.usedToday(ownerId, day)) >= limits.tokensPerDay) {
        const midnight = Date.parse(`${day}T00:00:00.000Z`) + DAY_MS;
        const retryAfterSeconds = Math.max(1, Math.ceil((midnight - at) / 1000));
        return {
          ok: false,
          over: { limit: "tokens-per-day", max: limits.tokensPerDay, retryAfterSeconds },
        };
      }
    }
    recent.push(at);
    this.recent.set(ownerId, recent);
    this.running.set(ownerId, running + 1);
    let ended = false;
    return {
      ok: true,
      done: () => {
        if (ended) return;
        ended = true;
        const left = (this.running.get(ownerId) ?? 1) - 1;
        if (left > 0) this.running.set(ownerId, left);
        else this.running.delete(ownerId);
      },
    };
  }
}

/** The sentence people read when they are over their share. */
export function overShareMessage({ limit, max, retryAfterSeconds }: OverShare): string {
  const wait =
    retryAfterSeconds >= 3600
      ? `in ${Math.ceil(retryAfterSeconds / 3600)} h (at midnight UTC)`
      : `in ${retryAfterSeconds} s`;
  switch (limit) {
    case "replies-at-once":
      return `You have ${max} ${max === 1 ? "reply" : "replies"} being written, your share at once: go on when ${max === 1 ? "it ends" : "one ends"}.`;
    case "requests-per-minute":
      return `You have sent your ${max} ${max === 1 ? "request" : "requests"} of this minute: go on ${wait}.`;
    case "tokens-per-day":
      return `You have used your ${max.toLocaleString("en")} tokens of today: go on ${wait}.`;
  }
}
