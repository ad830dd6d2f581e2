import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CachedThreadPlan,
  decideThreadPlan,
  readThreadPlan,
  writeThreadPlan,
} from "./thread-plan-cache";

const kept: CachedThreadPlan = {
  plan: [
    { fromTokens: 1, threads: 1 },
    { fromTokens: 3, threads: 2 },
  ],
  decodeTokensPerSecond: 90,
  tokensPerSecond: { 1: { 1: 90, 2: 40 }, 3: { 1: 100, 2: 130 } },
  measuredAt: "2026-12-01T10:00:00.000Z",
  loadPerCore: 0.1,
};

describe("decideThreadPlan", () => {
  it.each([
    ["no plan yet", { cached: undefined, remeasure: false, load: 0 }, "measure"],
    ["asked to measure", { cached: kept, remeasure: true, load: 0 }, "measure"],
    [
      "a kept plan that still holds",
      { cached: kept, remeasure: false, checkTokensPerSecond: 80, load: 0.1 },
      "cached",
    ],
    [
      "clearly off on a quiet machine",
      { cached: kept, remeasure: false, checkTokensPerSecond: 30, load: 0.1 },
      "measure",
    ],
    // Slow because someone else is busy: the kept plan, measured quiet, still serves best.
    [
      "slow on a busy machine",
      { cached: kept, remeasure: false, checkTokensPerSecond: 30, load: 1.5 },
      "cached",
    ],
  ] as const)("%s → %s", (_name, input, use) => {
    const decision = decideThreadPlan(input);
    expect(decision.use).toBe(use);
    expect(decision.why).not.toBe("");
  });
});

describe("the plan file", () => {
  it("keeps a plan per model and machine, written whole", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "plans-")), "sub", "thread-plans.json");
    expect(await readThreadPlan(file, "a")).toBeUndefined();
    await writeThreadPlan(file, "a", kept);
    await writeThreadPlan(file, "b", { ...kept, decodeTokensPerSecond: 50 });
    expect(await readThreadPlan(file, "a")).toEqual(kept);
    expect((await readThreadPlan(file, "b"))?.decodeTokensPerSecond).toBe(50);
    expect(Object.keys(JSON.parse(await readFile(file, "utf8")))).toEqual(["a", "b"]);
  });
});
