import type { BatchItem } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { shareBatch, threadsForBatches } from "./batch-threads";

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

describe("threadsForBatches", () => {
  const plan = [
    { fromTokens: 1, threads: 1 },
    { fromTokens: 32, threads: 2 },
  ] as const;

  it("takes the plan's count for the batch's size", () => {
    const threads = threadsForBatches(plan);
    expect(threads(2)).toBe(1);
    expect(threads(200)).toBe(2);
  });

  it("gives each of several contexts generating side by side the count for one token", () => {
    let generating = 1;
    const threads = threadsForBatches(plan, () => generating);
    expect(threads(200)).toBe(2);
    generating = 3;
    expect(threads(200)).toBe(1);
    expect(threads(1)).toBe(1);
  });
});
