import { availableParallelism } from "node:os";
import type { LlamaModel } from "node-llama-cpp";

export interface ThreadMeasurement {
  threads: number;
  /** Decode speed measured for each candidate thread count. */
  tokensPerSecond: Record<number, number>;
}

const DECODE_TOKENS = 12;
const PROBE_TEXT = "Once upon a time, there was a little girl who liked to walk in the park.";

/**
 * Picks the thread count that decodes fastest on this machine, by timing a short greedy
 * generation with each candidate. A constant would be wrong somewhere: on 2 cores a tiny model
 * decodes ~20x faster on 1 thread than on 2, while a large one on many cores wants them all.
 * Decode speed decides because with prefix reuse a chat turn is mostly decoding.
 */
export async function measureThreads(
  model: LlamaModel,
  maxCandidates = availableParallelism(),
): Promise<ThreadMeasurement> {
  const tokens = model.tokenize(PROBE_TEXT);
  const tokensPerSecond: Record<number, number> = {};
  let best = { threads: 1, speed: 0 };
  for (let threads = 1; threads <= Math.max(1, maxCandidates); threads++) {
    const context = await model.createContext({ contextSize: 256, threads, sequences: 1 });
    try {
      const sequence = context.getSequence();
      let generated = 0;
      let decodeStart = 0;
      for await (const _token of sequence.evaluate(tokens, { temperature: 0 })) {
        // The first token also pays for the prompt; time only the tokens after it.
        if (generated === 0) decodeStart = performance.now();
        if (++generated > DECODE_TOKENS) break;
      }
      const speed = (DECODE_TOKENS * 1000) / (performance.now() - decodeStart);
      tokensPerSecond[threads] = Math.round(speed);
      if (speed > best.speed) best = { threads, speed };
    } finally {
      await context.dispose();
    }
  }
  return { threads: best.threads, tokensPerSecond };
}
