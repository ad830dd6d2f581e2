/**
 * How many threads llama.cpp uses for a batch, by the batch's size in tokens. One count is wrong
 * on small machines: on 2 vCPUs a single decoded token is 1.5–4x slower on 2 threads than on 1,
 * while a prompt (hundreds of tokens at once) evaluates ~1.7x faster on 2. So one conversation
 * decoding runs on 1 thread, and prefill, or several conversations decoding together, on 2.
 *
 * Steps are sorted by `fromTokens`, the first is 1: a batch uses the last step it reaches.
 */
export type ThreadPlan = readonly [ThreadStep, ...ThreadStep[]];

export interface ThreadStep {
  /** The smallest batch, in tokens, this step applies to. */
  fromTokens: number;
  threads: number;
}

export function fixedThreads(threads: number): ThreadPlan {
  return [{ fromTokens: 1, threads }];
}

export function threadsForBatch(plan: ThreadPlan, tokens: number): number {
  let threads = plan[0].threads;
  for (const step of plan) if (tokens >= step.fromTokens) threads = step.threads;
  return threads;
}

export function maxThreadsOf(plan: ThreadPlan): number {
  return Math.max(...plan.map((step) => step.threads));
}

/** Collapses equal neighbours: [1→1, 3→1, 8→2, 64→2] becomes [1→1, 8→2]. */
export function simplifyThreadPlan(plan: ThreadPlan): ThreadPlan {
  const [first, ...rest] = plan;
  const simple: [ThreadStep, ...ThreadStep[]] = [{ fromTokens: 1, threads: first.threads }];
  for (const step of rest) {
    if (step.threads !== simple[simple.length - 1]?.threads) simple.push(step);
  }
  return simple;
}

/** "1 thread" or "1 thread below 8 tokens per batch, 2 from 8". */
export function describeThreadPlan(plan: ThreadPlan): string {
  const [first, ...rest] = simplifyThreadPlan(plan);
  const plural = (n: number) => `${n} thread${n === 1 ? "" : "s"}`;
  if (rest.length === 0) return plural(first.threads);
  return [
    `${plural(first.threads)} below ${rest[0]?.fromTokens} tokens per batch`,
    ...rest.map((step) => `${step.threads} from ${step.fromTokens}`),
  ].join(", ");
}

/** A plan written `1:1,32:2`: from 1 token 1 thread, from 32 tokens 2 (the benches' `--plan`). */
export function parseThreadPlan(text: string): ThreadPlan {
  const steps = text.split(",").map((step): ThreadStep => {
    const [fromTokens, threads] = step.split(":").map(Number);
    if (!Number.isInteger(fromTokens) || !Number.isInteger(threads) || !fromTokens || !threads) {
      throw new Error(`thread plan: "${step}" is not tokens:threads (e.g. 1:1,32:2)`);
    }
    return { fromTokens, threads };
  });
  if (steps[0]?.fromTokens !== 1)
    throw new Error("thread plan: the first step must be from 1 token");
  return steps.sort((a, b) => a.fromTokens - b.fromTokens) as unknown as ThreadPlan;
}
