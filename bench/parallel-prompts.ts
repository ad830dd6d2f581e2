/**
 * `npm run bench:parallel-prompts`: one person (an agent on /v1, say) sends several long prompts
 * at once. Prefill priority's prompt slices (decision 0013) cut a context's prompt into 8-token
 * batches while other contexts generate, so that a newcomer waits one slice at most; here no
 * newcomer comes, and the slices only cost. Measured side by side, rounds alternating: the time
 * to each reply's first token and to the last reply's end, with prompt first (the engine's
 * default) and without. The bench model, 4 sequences decoded in parallel, one thread plan.
 *
 *   npm run bench:parallel-prompts [-- --rounds 6 --at-once 3 --prompt-tokens 700 --plan 1:1,32:2]
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { streamText } from "ai";
import { getLlama } from "node-llama-cpp";
import { createLlamaCpp, type LlamaCppProvider } from "../lib/models/llama-cpp";
import { measureThreads } from "../lib/models/llama-cpp/engine/measure-threads";
import { describeThreadPlan, parseThreadPlan } from "../lib/models/llama-cpp/engine/thread-plan";
import { benchModelPath } from "../tests/support/test-models";
import { formatTable, median, quantile, round } from "./stats";
import { textOf } from "./story-text";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "6" },
    "at-once": { type: "string", default: "3" },
    "prompt-tokens": { type: "string", default: "700" },
    plan: { type: "string" },
  },
});
const ROUNDS = Number(args.rounds);
const AT_ONCE = Number(args["at-once"]);
const PROMPT_TOKENS = Number(args["prompt-tokens"]);
const LINES = { "prompt first (default)": true, "no prefill priority": false } as const;
type Line = keyof typeof LINES;

/** Each of `prompts` at once from one person: each reply's first token, and the last one's end. */
async function round_(provider: LlamaCppProvider, modelPath: string, prompts: string[]) {
  const started = performance.now();
  const ttft = await Promise.all(
    prompts.map(async (content) => {
      let first: number | undefined;
      const result = streamText({
        model: provider(modelPath),
        messages: [{ role: "user", content }],
        temperature: 0,
        maxOutputTokens: 16,
        maxRetries: 0,
        providerOptions: { llamaCpp: { cacheOwner: "agent" } },
      });
      for await (const part of result.fullStream) {
        if (part.type === "error") throw part.error;
        if (part.type === "text-delta" || part.type === "finish-step")
          first ??= performance.now() - started;
      }
      return first ?? performance.now() - started;
    }),
  );
  return { ttft, allMs: performance.now() - started };
}

async function main() {
  const modelPath = await benchModelPath();
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath });
  const plan = args.plan ? parseThreadPlan(args.plan) : (await measureThreads(model)).plan;
  const prompts = (round: number) =>
    Array.from({ length: AT_ONCE }, (_, i) => textOf(model, PROMPT_TOKENS, round * 100 + i));
  console.log(
    `parallel prompts bench: ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        " ",
      )}; ${AT_ONCE} prompts of ~${PROMPT_TOKENS} tokens at once, ${describeThreadPlan(plan)}`,
  );
  const providers = Object.fromEntries(
    (Object.keys(LINES) as Line[]).map((line) => [
      line,
      createLlamaCpp({
        sequences: 4,
        contextSize: 1024,
        decode: "parallel",
        queueOrder: "fair",
        prefillPriority: LINES[line],
        threads: plan,
        fallbackChatWrapper: "general",
      }),
    ]),
  ) as Record<Line, LlamaCppProvider>;
  const samples = Object.fromEntries(
    (Object.keys(LINES) as Line[]).map((line) => [
      line,
      { ttft: [] as number[], all: [] as number[] },
    ]),
  ) as Record<Line, { ttft: number[]; all: number[] }>;
  // Warm: each line's model loaded and its sequences used once (not timed).
  for (const line of Object.keys(LINES) as Line[])
    await round_(providers[line], modelPath, prompts(999));
  for (let r = 0; r < ROUNDS; r++) {
    const lines = Object.keys(LINES) as Line[];
    for (const line of r % 2 === 0 ? lines : [...lines].reverse()) {
      // Prompts no context has seen: no prefix is reused.
      const { ttft, allMs } = await round_(
        providers[line],
        modelPath,
        prompts(r * 2 + (line === "no prefill priority" ? 1 : 0)),
      );
      samples[line].ttft.push(...ttft);
      samples[line].all.push(allMs);
    }
  }
  const ms = (value: number) => String(round(value, 0));
  console.log(
    formatTable(
      ["line", "rounds", "first token p50 ms", "p95 ms", "all replies p50 ms", "p95 ms"],
      (Object.keys(LINES) as Line[]).map((line) => [
        line,
        String(samples[line].all.length),
        ms(median(samples[line].ttft)),
        ms(quantile(samples[line].ttft, 0.95)),
        ms(median(samples[line].all)),
        ms(quantile(samples[line].all, 0.95)),
      ]),
    ),
  );
  console.log(
    `load after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  await model.dispose();
  process.exit(0);
}

await main();
