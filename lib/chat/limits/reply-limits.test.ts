import { describe, expect, it } from "vitest";
import { underReplyLimits } from "./reply-limits";

const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));

describe("a /v1 reply under its limits", () => {
  it("keeps the call's options, aborts it when the total limit trips, and names that limit for what the call threw", async () => {
    const client = new AbortController();
    const { callOptions, reasonOf, limits } = underReplyLimits(
      { maxOutputTokens: 5 },
      client.signal,
      { idleMs: 60_000, totalMs: 20 },
    );
    expect(callOptions.maxOutputTokens).toBe(5);
    await aborted(callOptions.abortSignal);
    expect(limits.exceeded).toBe("total");
    // A provider may throw its own abort error rather than the signal's reason.
    const thrown = new DOMException("This operation was aborted", "AbortError");
    expect(reasonOf(thrown)).toMatchObject({
      code: "model-timeout",
      message: "The reply took longer than 20 ms, so it was stopped (total limit).",
    });
  });

  it("aborts the call when the client goes away, and leaves what it threw as it was", async () => {
    const client = new AbortController();
    const { callOptions, reasonOf, limits } = underReplyLimits({}, client.signal, {
      idleMs: 60_000,
      totalMs: 60_000,
    });
    expect(callOptions.abortSignal.aborted).toBe(false);
    client.abort();
    limits.end();
    expect(callOptions.abortSignal.aborted).toBe(true);
    expect(limits.exceeded).toBeUndefined();
    const thrown = new Error("gone");
    expect(reasonOf(thrown)).toBe(thrown);
  });
});
