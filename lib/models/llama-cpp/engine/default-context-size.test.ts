import { describe, expect, it } from "vitest";
import { defaultContextSize } from "./default-context-size";

const MB = 1_000_000;

describe("defaultContextSize", () => {
  it("is the model's training context, at most 4096, when memory is plentiful", () => {
    const plenty = { kvBytesPerToken: 23_040, sequences: 4, freeMemoryBytes: 20_000 * MB };
    expect(defaultContextSize({ trainContextSize: 8192, ...plenty })).toBe(4096);
    expect(defaultContextSize({ trainContextSize: 2048, ...plenty })).toBe(2048);
    expect(defaultContextSize({ trainContextSize: 0, ...plenty })).toBe(4096);
  });

  it("shrinks so every sequence's KV cache fits a quarter of the free memory", () => {
    // 128 KB per token (a 7B-class model), 8 sequences (1 MiB per token), 8 GB free: 2 GB hold
    // 1907 tokens per sequence, rounded down to 1792.
    const size = defaultContextSize({
      trainContextSize: 32_768,
      kvBytesPerToken: 131_072,
      sequences: 8,
      freeMemoryBytes: 8_000 * MB,
    });
    expect(size).toBe(1792);
    expect(size * 131_072 * 8).toBeLessThanOrEqual(8_000 * MB * 0.25);
  });

  it("never goes below 512 tokens, and ignores memory when the cache's shape is unknown", () => {
    expect(
      defaultContextSize({
        trainContextSize: 4096,
        kvBytesPerToken: 1_000_000,
        sequences: 4,
        freeMemoryBytes: 100 * MB,
      }),
    ).toBe(512);
    expect(
      defaultContextSize({
        trainContextSize: 4096,
        kvBytesPerToken: undefined,
        sequences: 4,
        freeMemoryBytes: 1,
      }),
    ).toBe(4096);
  });
});
