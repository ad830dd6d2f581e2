import { availableParallelism } from "node:os";
import type { LlamaEmbeddingContext, LlamaModel, Token } from "node-llama-cpp";

export interface EmbeddingThreadMeasurement {
  /** The fastest count. */
  threads: number;
  /** Median tokens per second of an input by thread count. */
  tokensPerSecond: Record<number, number>;
}

/** An input long enough to be evaluated as a prompt is (one batch of many tokens). */
const PROBE_TOKENS = 64;
const RUNS = 3;
const PROBE_TEXT = "Once upon a time, there was a little girl who liked to walk in the park. ";

/**
 * Times one embedding input with each thread count from 1 to `maxCandidates` and keeps the
 * fastest. Every core is not always fastest: ggml's threads wait for each other spinning, so on a
 * small or shared machine a second thread can cost more than it brings (stories260K under load:
 * 540 ms per 400-token input on 2 threads, 200 ms on 1; an idle machine and a 135M model: 1.45x
 * faster on 2). The candidates take turns within each of 3 runs and the median counts, as
 * measure-threads.ts does for chat; embedding contexts are used, not chat contexts, so a model
 * without an output head (BERT) is measured the way it will run. About a second for a 135M model.
 */
export async function measureEmbeddingThreads(
  model: LlamaModel,
  maxCandidates = availableParallelism(),
): Promise<EmbeddingThreadMeasurement> {
  let probe = model.tokenize(PROBE_TEXT);
  while (probe.length < PROBE_TOKENS) probe = [...probe, ...probe];
  probe = probe.slice(0, PROBE_TOKENS);
  const candidates = Array.from({ length: Math.max(1, maxCandidates) }, (_, i) => i + 1);
  const contexts: LlamaEmbeddingContext[] = [];
  const speeds = new Map<number, number[]>(candidates.map((threads) => [threads, []]));
  try {
    for (const threads of candidates) {
      const context = await model.createEmbeddingContext({
        contextSize: PROBE_TOKENS * 2,
        batchSize: PROBE_TOKENS * 2,
        threads,
      });
      contexts.push(context);
      // The first evaluation pays for paging the weights in: not timed.
      await context.getEmbeddingFor(probe as Token[]);
    }
    for (let run = 0; run < RUNS; run++) {
      for (const [index, threads] of candidates.entries()) {
        const context = contexts[index] as LlamaEmbeddingContext;
        const start = performance.now();
        await context.getEmbeddingFor(probe as Token[]);
        speeds.get(threads)?.push((PROBE_TOKENS * 1000) / (performance.now() - start));
      }
    }
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
  const tokensPerSecond: Record<number, number> = {};
  let fastest = { threads: 1, speed: 0 };
  for (const [threads, samples] of speeds) {
    const speed = Math.round(median(samples));
    tokensPerSecond[threads] = speed;
    if (speed > fastest.speed) fastest = { threads, speed };
  }
  return { threads: fastest.threads, tokensPerSecond };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
