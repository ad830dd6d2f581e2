/**
 * Tokens per sequence when none is set: the model's training context, at most 4096 (a chat turn
 * rarely needs more, and the KV cache grows with it), and at most what a quarter of the free
 * memory holds for every sequence's KV cache, so that a big model with many sequences on a small
 * machine starts with a shorter memory instead of failing to allocate. Multiples of 256.
 */
export function defaultContextSize({
  trainContextSize,
  kvBytesPerToken,
  sequences,
  freeMemoryBytes,
}: {
  /** 0 or undefined when the GGUF does not say. */
  trainContextSize: number | undefined;
  /** Undefined when the KV cache's shape is unknown: memory then sets no limit. */
  kvBytesPerToken: number | undefined;
  sequences: number;
  freeMemoryBytes: number;
}): number {
  const byModel = Math.min(trainContextSize || MAX_DEFAULT, MAX_DEFAULT);
  const byMemory =
    kvBytesPerToken && kvBytesPerToken > 0
      ? (freeMemoryBytes * MEMORY_SHARE) / (kvBytesPerToken * sequences)
      : Number.POSITIVE_INFINITY;
  const size = Math.floor(Math.min(byModel, byMemory) / STEP) * STEP;
  return Math.max(MIN_CONTEXT, size);
}

const MAX_DEFAULT = 4096;
const MEMORY_SHARE = 0.25;
const STEP = 256;
/** Below this a conversation barely fits a system prompt and one turn. */
const MIN_CONTEXT = 512;
