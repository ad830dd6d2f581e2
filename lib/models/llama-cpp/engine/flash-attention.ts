import type { KvCacheShape } from "./kv-cache-size";

/** Heads narrower than this are evaluated faster without flash attention. */
const MIN_FLASH_ATTENTION_HEAD = 32;

/**
 * Whether llama.cpp's flash-attention kernel (on by default on the CPU) suits the model. Its
 * per-position cost dwarfs the arithmetic of very narrow heads: on stories260K (8-wide heads) a
 * 6,400-token prompt takes 64 s with it and 16 s without, and a 416-token embedding input 188 ms
 * against 93 (docs/benchmarks.md); heads of 64 and more (every real model) are faster with it.
 * An unknown shape keeps node-llama-cpp's default.
 */
export function flashAttentionSuits(shape: KvCacheShape | undefined): boolean {
  return !shape || shape.keyLength >= MIN_FLASH_ATTENTION_HEAD;
}
