/**
 * The local model's waiting line over a real model (stories260K, one thread, one sequence): when
 * one owner has queued many requests, another owner's one request is served next, not after them
 * (issue 22); `first-come` is the order before, for comparison. Owners are named as the page and
 * /v1 name them, in `providerOptions.llamaCpp.cacheOwner`.
 */
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { llamaCppForFile } from "@/tests/support/llama-cpp-for-file";
import type { LlamaCppQueueOrder } from "../llama-cpp-engine";
import type { LlamaCppProvider } from "../llama-cpp-provider";

const llamaCpp = llamaCppForFile();

async function loaded(queueOrder: LlamaCppQueueOrder): Promise<LlamaCppProvider> {
  const provider = llamaCpp.newProvider({ threads: 1, sequences: 1, queueOrder });
  await reply(provider, "warm-up", "Hello");
  return provider;
}

function reply(provider: LlamaCppProvider, owner: string, content: string) {
  return generateText({
    model: provider(llamaCpp.modelPath()),
    messages: [{ role: "user", content }],
    temperature: 0,
    maxOutputTokens: 24,
    maxRetries: 0,
    providerOptions: { llamaCpp: { cacheOwner: owner } },
  });
}

/** One owner queues six requests, then another owner one: the order the replies end in. */
async function floodThenOne(provider: LlamaCppProvider): Promise<string[]> {
  const ended: string[] = [];
  const flood = [1, 2, 3, 4, 5, 6].map((n) =>
    reply(provider, "flooder", `Tell me story number ${n}.`).then(() => ended.push(`flood${n}`)),
  );
  // Sent in the same tick, after the flood's: each reaches the line in the order it was sent.
  const quiet = reply(provider, "quiet", "Once upon a time").then(() => ended.push("quiet"));
  await Promise.all([...flood, quiet]);
  return ended;
}

describe("the local model's waiting line", () => {
  it("serves the quiet owner's one request right after the flood's first, the flood's in order", async () => {
    const ended = await floodThenOne(await loaded("fair"));
    expect(ended).toEqual(["flood1", "quiet", "flood2", "flood3", "flood4", "flood5", "flood6"]);
  });

  it("first come, first served, the quiet owner's request waits for all six", async () => {
    const ended = await floodThenOne(await loaded("first-come"));
    expect(ended.at(-1)).toBe("quiet");
  });
});
