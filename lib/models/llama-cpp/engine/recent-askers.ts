/**
 * How long after a person's request (its start or its end) the engine still expects more from
 * them: the next turn of a conversation comes within seconds to a minute.
 */
export const RECENT_ASKER_MS = 60_000;

/**
 * Who has asked the local model lately. Prompt slices (prefill-gate.ts) keep a context's prompt
 * from holding up *someone else's* next prompt; with nobody else around they only cost — one
 * agent's parallel requests ran 2.3× slower to their first tokens in 8-token slices
 * (docs/benchmarks.md, `bench:parallel-prompts`) — so the engine slices only while another
 * person has asked within {@link RECENT_ASKER_MS}.
 */
export class RecentAskers {
  private readonly lastAsked = new Map<string, number>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly recentMs = RECENT_ASKER_MS,
  ) {}

  /** `owner` asked, or got its answer (their next request may follow). */
  asked(owner: string): void {
    this.lastAsked.set(owner, this.now());
  }

  /** Whether anyone but `owner` asked lately (those who have not are forgotten). */
  anyoneBut(owner: string): boolean {
    const now = this.now();
    let found = false;
    for (const [other, at] of this.lastAsked) {
      if (now - at > this.recentMs) this.lastAsked.delete(other);
      else if (other !== owner) found = true;
    }
    return found;
  }
}
