import { describe, expect, it } from "vitest";
import {
  describeThreadPlan,
  fixedThreads,
  maxThreadsOf,
  simplifyThreadPlan,
  type ThreadPlan,
  threadsForBatch,
} from "./thread-plan";

const measured: ThreadPlan = [
  { fromTokens: 1, threads: 1 },
  { fromTokens: 3, threads: 1 },
  { fromTokens: 32, threads: 2 },
];

describe("thread plans", () => {
  it("gives a batch the threads of the last step it reaches", () => {
    expect(threadsForBatch(measured, 1)).toBe(1);
    expect(threadsForBatch(measured, 31)).toBe(1);
    expect(threadsForBatch(measured, 32)).toBe(2);
    expect(threadsForBatch(measured, 512)).toBe(2);
    expect(threadsForBatch(fixedThreads(3), 200)).toBe(3);
  });

  it("collapses equal neighbours and says what it does", () => {
    expect(simplifyThreadPlan(measured)).toEqual([
      { fromTokens: 1, threads: 1 },
      { fromTokens: 32, threads: 2 },
    ]);
    expect(maxThreadsOf(measured)).toBe(2);
    expect(describeThreadPlan(measured)).toBe("1 thread below 32 tokens per batch, 2 from 32");
    expect(describeThreadPlan(fixedThreads(2))).toBe("2 threads");
  });
});
