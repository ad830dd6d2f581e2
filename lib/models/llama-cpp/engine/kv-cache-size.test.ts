import { describe, expect, it } from "vitest";
import { formatMegabytes, kvCacheBytesPerToken, kvCacheShapeOf } from "./kv-cache-size";

/** SmolLM2-135M's shape (the bench model): 30 layers, 9 heads, 3 KV heads, width 576. */
const smol = {
  general: { architecture: "llama" },
  llama: { block_count: 30, embedding_length: 576, attention: { head_count: 9, head_count_kv: 3 } },
};

describe("KV cache size", () => {
  it("is layers x KV heads x (key + value length) x 2 bytes per token", () => {
    const shape = kvCacheShapeOf(smol);
    expect(shape).toEqual({
      layers: 30,
      kvHeadsPerLayer: Array(30).fill(3),
      keyLength: 64,
      valueLength: 64,
    });
    if (!shape) throw new Error("no shape");
    // 23 KB per token: 94 MB for a 4096-token sequence, as node-llama-cpp estimates (96 MB).
    expect(kvCacheBytesPerToken(shape)).toBe(23_040);
    expect(formatMegabytes(kvCacheBytesPerToken(shape) * 4096)).toBe("94 MB");
  });

  it("uses explicit key and value lengths and per-layer KV heads when the model has them", () => {
    const shape = kvCacheShapeOf({
      general: { architecture: "qwen3" },
      qwen3: {
        block_count: 2,
        embedding_length: 1024,
        attention: { head_count: 16, head_count_kv: [8, 4], key_length: 128, value_length: 128 },
      },
    });
    expect(shape && kvCacheBytesPerToken(shape)).toBe((8 + 4) * 256 * 2);
  });

  it("is unknown without the fields", () => {
    expect(kvCacheShapeOf({ general: { architecture: "mamba" }, mamba: {} })).toBeUndefined();
    expect(kvCacheShapeOf({})).toBeUndefined();
  });
});
