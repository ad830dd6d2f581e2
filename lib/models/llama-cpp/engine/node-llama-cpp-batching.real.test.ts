/**
 * patches/node-llama-cpp+3.22.1.patch (decision 0007): node-llama-cpp's decode loop waits for the
 * sequences it knows are still generating before it forms the next batch, so concurrent
 * conversations decode together. Two guards: the patch is on the version it was written for (an
 * upgrade fails here, so whoever upgrades re-checks it — re-create it, or drop it if upstream
 * fixed the loop), and the behaviour, on the real stories260K model.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { getLlama, LlamaChat, TokenBias } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { fullStepShare, watchDecodes } from "@/tests/support/watch-decodes";

/** Keep in step with patches/node-llama-cpp+<version>.patch and package.json's exact pin. */
const PATCHED_VERSION = "3.22.1";
// Not resolvable through the package's `exports`: read from node_modules (tests run from the root).
const packageJson = resolve("node_modules/node-llama-cpp/package.json");

describe("node-llama-cpp's full-batch patch", () => {
  it("is applied to the version it was written for", () => {
    expect(JSON.parse(readFileSync(packageJson, "utf8")).version).toBe(PATCHED_VERSION);
    const source = readFileSync(
      packageJson.replace(/package\.json$/, "dist/evaluator/LlamaContext/LlamaContext.js"),
      "utf8",
    );
    for (const part of ["waitForSequencesToRequeue", "threadsForBatch"]) {
      expect(source, "postinstall did not apply patches/ (run npx patch-package)").toContain(part);
    }
  });

  it.each([2, 4])("%i conversations at once decode every step together", async (conversations) => {
    const llama = await getLlama({ gpu: false, build: "never" });
    const model = await llama.loadModel({ modelPath: await testModelPath("stories260K.gguf") });
    const context = await model.createContext({
      sequences: conversations,
      contextSize: 512,
      threads: 1,
    });
    const decodes = watchDecodes();
    const prompts = [
      "Once upon a time",
      "Tom had a big red ball",
      "Lily saw a bird",
      "The sun was hot",
    ];
    try {
      await Promise.all(
        prompts.slice(0, conversations).map((text) =>
          new LlamaChat({ contextSequence: context.getSequence() }).generateResponse(
            [
              { type: "user", text },
              { type: "model", response: [] },
            ],
            { maxTokens: 16, temperature: 0 },
          ),
        ),
      );
    } finally {
      decodes.stop();
      await context.dispose();
      await model.dispose();
    }
    // Unpatched 3.22.1: ~1-3% (two alternate in batches of 1; four decode in batches of 3).
    expect(fullStepShare(decodes.take())).toBeGreaterThanOrEqual(0.95);
  });

  it("lets a request whose sequence held another conversation start while others generate", async () => {
    // Such a sequence first erases what it held, under the context's lock. The unpatched loop
    // held that lock for one batch at a time only because it kept running dry; the full-batch
    // wait keeps it running, so the patch releases the lock after every batch — without that,
    // the newcomer waited until every other sequence had finished generating.
    const llama = await getLlama({ gpu: false, build: "never" });
    const model = await llama.loadModel({ modelPath: await testModelPath("stories260K.gguf") });
    const context = await model.createContext({ sequences: 2, contextSize: 1024, threads: 1 });
    const history = (text: string) => [
      { type: "user" as const, text },
      { type: "model" as const, response: [] },
    ];
    try {
      const [first, second] = [context.getSequence(), context.getSequence()];
      const newcomer = new LlamaChat({ contextSequence: second });
      await newcomer.generateResponse(history("Tom had a big red ball"), { maxTokens: 8 });
      const events: string[] = [];
      let longTokens = 0;
      let startNewcomer: () => void = () => {};
      const newcomerMayStart = new Promise<void>((resolve) => {
        startNewcomer = resolve;
      });
      const eos = model.tokens.eos;
      const long = new LlamaChat({ contextSequence: first })
        .generateResponse(history("Once upon a time"), {
          maxTokens: 600,
          temperature: 0,
          // It goes on until maxTokens, well past the newcomer's start.
          tokenBias: eos == null ? undefined : new TokenBias(model.tokenizer).set(eos, "never"),
          onTextChunk: () => {
            longTokens++;
            if (longTokens === 10) startNewcomer();
          },
        })
        .then(() => events.push("long finished"));
      await newcomerMayStart;
      let firstChunk = true;
      const late = newcomer
        .generateResponse(history("Lily saw a bird"), {
          maxTokens: 8,
          onTextChunk: () => {
            if (firstChunk) events.push(`newcomer's first token after ${longTokens} of 600`);
            firstChunk = false;
          },
        })
        .then(() => undefined);
      await Promise.all([long, late]);
      expect(events[0]).toMatch(/^newcomer's first token/);
      expect(events).toContain("long finished");
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });
});
