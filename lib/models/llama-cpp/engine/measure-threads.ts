import { availableParallelism } from "node:os";
import type { LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { simplifyThreadPlan, type ThreadPlan, type ThreadStep } from "./thread-plan";

export interface ThreadMeasurement {
  plan: ThreadPlan;
  /** Median tokens per second by batch size, then by thread count. */
  tokensPerSecond: Record<number, Record<number, number>>;
}

/**
 * Batch sizes timed besides single-token decoding: 3 is a few conversations decoding together
 * (node-llama-cpp seldom fills a batch with every busy sequence: one is usually sampling), 32 a
 * prompt.
 */
const BATCH_SIZES = [3, 32] as const;
const DECODE_TOKENS = 8;
const RUNS = 3;
const PROBE_TEXT = "Once upon a time, there was a little girl who liked to walk in the park. ";

/**
 * Times each batch size with each candidate thread count and keeps the fastest count per size
 * (thread-plan.ts says why one count is wrong on small machines). A constant would be wrong
 * somewhere, and so would a guess from the model's size: the answer depends on the cores, the
 * other load and the model. Single tokens are timed as real decoding (sampling between steps,
 * which is when extra threads cost most), larger batches as plain evaluation. The candidates take
 * turns within each of 3 runs and the median counts, so a burst of other load skews no one count.
 * About a second for a 100M model on 2 vCPUs.
 */
export async function measureThreads(
  model: LlamaModel,
  maxCandidates = availableParallelism(),
): Promise<ThreadMeasurement> {
  let probe = model.tokenize(PROBE_TEXT);
  while (probe.length < Math.max(...BATCH_SIZES)) probe = [...probe, ...probe];
  const candidates = Array.from({ length: Math.max(1, maxCandidates) }, (_, i) => i + 1);
  const contexts = await Promise.all(
    candidates.map((threads) => model.createContext({ contextSize: 128, threads, sequences: 1 })),
  );
  const samples = new Map<number, Map<number, number[]>>();
  const sample = (size: number, threads: number, tokensPerSecond: number) => {
    const bySize = samples.get(size) ?? new Map<number, number[]>();
    samples.set(size, bySize);
    bySize.set(threads, [...(bySize.get(threads) ?? []), tokensPerSecond]);
  };
  try {
    const sequences = contexts.map((context) => context.getSequence());
    // The first evaluation pays for paging the weights in: not timed.
    for (const sequence of sequences) {
      await sequence.evaluateWithoutGeneratingNewTokens(probe.slice(0, 8));
    }
    for (let run = 0; run < RUNS; run++) {
      for (const [index, threads] of candidates.entries()) {
        const sequence = sequences[index] as LlamaContextSequence;
        await sequence.clearHistory();
        sample(1, threads, await decodeSpeed(sequence, probe.slice(0, 8)));
        for (const size of BATCH_SIZES) {
          await sequence.clearHistory();
          // One batch: the context's batch size (512 by default) is larger than any size timed.
          const start = performance.now();
          await sequence.evaluateWithoutGeneratingNewTokens(probe.slice(0, size));
          sample(size, threads, (size * 1000) / (performance.now() - start));
        }
      }
    }
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
  const tokensPerSecond: Record<number, Record<number, number>> = {};
  for (const [size, bySize] of samples) {
    tokensPerSecond[size] = Object.fromEntries(
      [...bySize].map(([threads, speeds]) => [threads, Math.round(median(speeds))]),
    );
  }
  const step = (size: number): ThreadStep => ({
    fromTokens: size,
    threads: fastestOf(tokensPerSecond[size] ?? {}),
  });
  const plan: ThreadPlan = [step(1), ...BATCH_SIZES.map(step)];
  return { plan: simplifyThreadPlan(plan), tokensPerSecond };
}

/** Single-token decoding speed with `threads`, in a small context of its own (~0.1 s): a quick check. */
export async function quickDecodeSpeed(model: LlamaModel, threads: number): Promise<number> {
  const context = await model.createContext({ contextSize: 128, threads, sequences: 1 });
  try {
    const sequence = context.getSequence();
    const probe = model.tokenize(PROBE_TEXT).slice(0, 8);
    // The first evaluation pages the weights in: not timed.
    await sequence.evaluateWithoutGeneratingNewTokens(probe);
    await sequence.clearHistory();
    return await decodeSpeed(sequence, probe);
  } finally {
    await context.dispose();
  }
}

/** Greedy generation after a short prompt; the first token also pays for the prompt, so it is not timed. */
async function decodeSpeed(sequence: LlamaContextSequence, prompt: Token[]): Promise<number> {
  let generated = 0;
  let start = 0;
  for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) {
    if (generated === 0) start = performance.now();
    if (++generated > DECODE_TOKENS) break;
  }
  return (DECODE_TOKENS * 1000) / (performance.now() - start);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function fastestOf(speeds: Record<number, number>): number {
  let best = { threads: 1, speed: 0 };
  for (const [threads, speed] of Object.entries(speeds)) {
    if (speed > best.speed) best = { threads: Number(threads), speed };
  }
  return best.threads;
}
