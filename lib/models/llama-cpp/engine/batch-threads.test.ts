import type { BatchItem, Llama } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { shareBatch, threadsPerBatchStrategy } from "./batch-threads";

const item = (tokens: number): BatchItem => ({
  tokens: Array.from({ length: tokens }, (_, i) => i) as unknown as BatchItem["tokens"],
  logits: [],
  evaluationPriority: 5,
});

describe("shareBatch", () => {
  it("gives every waiting sequence its tokens when they fit", () => {
    const items = [item(1), item(1), item(200)];
    expect(shareBatch(items, 512).map((entry) => entry.processAmount)).toEqual([1, 1, 200]);
  });

  it("never lets a long prompt crowd out a decoding conversation", () => {
    const items = [item(900), item(1)];
    const batch = shareBatch(items, 512);
    expect(batch.map((entry) => entry.processAmount)).toEqual([511, 1]);
    expect(batch.map((entry) => entry.item)).toEqual(items);
  });

  it("fills the batch, never more", () => {
    const batch = shareBatch([item(300), item(300), item(300)], 512);
    expect(batch.reduce((sum, entry) => sum + entry.processAmount, 0)).toBe(512);
  });
});

describe("threadsPerBatchStrategy", () => {
  it("sets the Llama instance's thread limit from the batch's size before it is decoded", () => {
    const llama = { maxThreads: 4 } as Llama;
    const strategy = threadsPerBatchStrategy(llama, [
      { fromTokens: 1, threads: 1 },
      { fromTokens: 32, threads: 2 },
    ]);
    strategy({ items: [item(1), item(1)], size: 512 });
    expect(llama.maxThreads).toBe(1);
    strategy({ items: [item(1), item(200)], size: 512 });
    expect(llama.maxThreads).toBe(2);
  });
});
