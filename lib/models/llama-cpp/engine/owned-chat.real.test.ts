/**
 * The prompt cache per owner, over a real model (stories260K, one thread): a request reuses only
 * what its own owner left in a sequence, is told only of that, and a sequence another owner takes
 * is erased first. Owners are named as the page and /v1 name them, in
 * `providerOptions.llamaCpp.cacheOwner`.
 */
import { generateText, type ModelMessage } from "ai";
import { describe, expect, it } from "vitest";
import { probeSecretDigits } from "@/tests/support/cache-probe";
import { llamaCppForFile } from "@/tests/support/llama-cpp-for-file";
import type { LlamaCppProvider } from "../llama-cpp-provider";

const llamaCpp = llamaCppForFile();

function newProvider(sequences: number): LlamaCppProvider {
  return llamaCpp.newProvider({ threads: 1, sequences });
}

/** Long enough that a second owner's prompt shares most of a first owner's. */
const SYSTEM =
  "You are a storyteller. Tell a short story about a little girl named Lily and her dog Max, " +
  "who live in a small house by the sea and like to play in the sand every day.";

const user = (content: string): ModelMessage => ({ role: "user", content });
const assistant = (content: string): ModelMessage => ({ role: "assistant", content });

function reply(
  provider: LlamaCppProvider,
  owner: string | undefined,
  messages: ModelMessage[],
  { instructions = SYSTEM, maxOutputTokens = 12 } = {},
) {
  return generateText({
    model: provider(llamaCpp.modelPath()),
    instructions,
    messages,
    temperature: 0,
    maxOutputTokens,
    maxRetries: 0,
    providerOptions: owner === undefined ? undefined : { llamaCpp: { cacheOwner: owner } },
  });
}

const cached = (result: Awaited<ReturnType<typeof reply>>) =>
  result.usage.inputTokenDetails.cacheReadTokens ?? 0;

describe("prefix reuse per owner", () => {
  it("another owner's prompt with a long shared prefix reuses nothing, and the first owner's sequence stays its own", async () => {
    const provider = newProvider(2);
    const turn1 = [user("Where is Max?")];
    const a = await reply(provider, "owner-a", turn1);
    const b = await reply(provider, "owner-b", [user("Where is Lily?")]);
    // Nearly all of B's prompt is A's (the same long system prompt): none of it is reused.
    expect(b.usage.inputTokens).toBeGreaterThan(40);
    expect(cached(b)).toBe(0);

    const turn2 = [...turn1, assistant(a.text), user("What did Max find?")];
    const aAgain = await reply(provider, "owner-a", turn2);
    const aTokens = (a.usage.inputTokens ?? 0) + (a.usage.outputTokens ?? 0);
    expect(cached(aAgain)).toBeGreaterThanOrEqual(aTokens - 1);
  });

  it("a sequence that changes owner is erased: with one sequence, neither owner reuses the other's tokens", async () => {
    const provider = newProvider(1);
    const messages = [user("Where is Max?")];
    const a = await reply(provider, "owner-a", messages);
    // The same prompt: everything but its last token is in the only sequence, A's.
    expect(cached(await reply(provider, "owner-a", messages))).toBe((a.usage.inputTokens ?? 0) - 1);

    const b = await reply(provider, "owner-b", messages);
    expect(cached(b)).toBe(0);
    // Erased, not merely unreported: B's reply is the one a fresh model gives.
    const fresh = await reply(newProvider(1), "owner-b", messages);
    expect(b.text).toBe(fresh.text);
    expect(cached(await reply(provider, "owner-a", messages))).toBe(0);
  });

  it("requests that name no owner share the anonymous owner's cache", async () => {
    const provider = newProvider(1);
    const messages = [user("Where is Max?")];
    const first = await reply(provider, undefined, messages);
    expect(cached(await reply(provider, undefined, messages))).toBe(
      (first.usage.inputTokens ?? 0) - 1,
    );
    expect(cached(await reply(provider, "", messages))).toBe((first.usage.inputTokens ?? 0) - 1);
    expect(cached(await reply(provider, "owner-a", messages))).toBe(0);
  });
});

describe("the cache probe of issue 21", () => {
  const CODE = "4831";
  const secret = (code: string) => `You guard the castle gate. The gate code is ${code}`;
  const victimTurn = [user("Hi")];

  /**
   * The probe, as `prober`, against a victim that keeps sending its prompt as `victim`. One
   * sequence, so that each guess lands on the victim's tokens (with more, a guess may land on the
   * prober's own last guess instead; a patient prober gets around that, a test need not).
   */
  function probe(provider: LlamaCppProvider, victim: string, prober: string) {
    return probeSecretDigits({
      length: CODE.length,
      victim: () =>
        reply(provider, victim, victimTurn, {
          instructions: `${secret(CODE)}.`,
          maxOutputTokens: 1,
        }),
      guess: async (digits) =>
        cached(
          await reply(provider, prober, victimTurn, {
            instructions: secret(digits),
            maxOutputTokens: 1,
          }),
        ),
    });
  }

  it("recovers a code from the cache of its own owner (the probe works)", async () => {
    const { recovered } = await probe(newProvider(1), "victim", "victim");
    expect(recovered).toBe(CODE);
  });

  it("learns nothing of another owner's code: every guess is told 0 cached tokens", async () => {
    const { recovered, cachedCounts } = await probe(newProvider(1), "victim", "prober");
    expect(cachedCounts.every((count) => count === 0)).toBe(true);
    expect(recovered).not.toBe(CODE);
  });
});
