/**
 * `npm run bench:fair`: two people on the local model (issue 22), one flooding, one quiet. The
 * flooder keeps 40 requests in flight (each one's end sends the next); the quiet person sends
 * one request at a time. Measured: the quiet person's time to first token alone and while the
 * other floods, with the waiting line in its fair order (owners in turn, the product) and first
 * come, first served (the order before), side by side in the same run, in rotating order.
 *
 * The requests go the way the page's and /v1's do from the provider on: the AI SDK's streamText
 * over our llama-cpp provider, each person named by `providerOptions.llamaCpp.cacheOwner` (the
 * person's id or their API key's owner), into the engine's sequence pool. The bench model
 * (realistic size), 4 sequences (the default), decoded in parallel (the CPU default) but for
 * one line (see ALL_LINES).
 *
 * Every line decodes with one thread plan (a count per batch size): `--plan 1:1,32:2` as given,
 * else the plan kept in .cache/bench/thread-plans.json, else one measured here once. Each engine
 * measuring its own at load got different plans on a loaded machine, which compared the lines on
 * unequal terms.
 *
 * Target: the quiet person's p95 time to first token with the flood within 1.5× of alone.
 *
 *   npm run bench:fair [-- --rounds 2 --quiet 20 --in-flight 40 --flood-tokens 32 --plan 1:1,32:2]
 *   npm run bench:fair -- --lines "fair, one kept free|fair, one kept free, prompt first"
 *   writes .cache/bench/fair.json
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { streamText } from "ai";
import { getLlama, type Llama } from "node-llama-cpp";
import { createLlamaCpp, type LlamaCppProvider } from "../lib/models/llama-cpp";
import { measureThreads } from "../lib/models/llama-cpp/engine/measure-threads";
import {
  describeThreadPlan,
  parseThreadPlan,
  type ThreadPlan,
} from "../lib/models/llama-cpp/engine/thread-plan";
import { readThreadPlan, threadPlanKey } from "../lib/models/llama-cpp/engine/thread-plan-cache";
import type { LlamaCppDecode, LlamaCppQueueOrder } from "../lib/models/llama-cpp/llama-cpp-engine";
import { benchModelPath } from "../tests/support/test-models";
import { CACHE_DIR } from "./bench-model";
import { formatTable, median, quantile, round } from "./stats";
import { textOf } from "./story-text";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "2" },
    quiet: { type: "string", default: "20" },
    "in-flight": { type: "string", default: "40" },
    "flood-tokens": { type: "string", default: "32" },
    "quiet-tokens": { type: "string", default: "8" },
    "first-come-quiet": { type: "string", default: "5" },
    sequences: { type: "string", default: "4" },
    /** Threads by batch size for every line: `1:1,32:2` (from 1 token 1 thread, from 32 two). */
    plan: { type: "string" },
    /** Only these lines, by name, separated by `|`, e.g. `fair|fair, prompt first`. */
    lines: { type: "string" },
  },
});
const ROUNDS = Number(args.rounds);
const QUIET_REQUESTS = Number(args.quiet);
const IN_FLIGHT = Number(args["in-flight"]);
const FLOOD_TOKENS = Number(args["flood-tokens"]);
const QUIET_TOKENS = Number(args["quiet-tokens"]);
const SEQUENCES = Number(args.sequences);
/** First come, first served makes each quiet request wait for the whole line: fewer of them. */
const FIRST_COME_QUIET = Number(args["first-come-quiet"]);
const TARGET = 1.5;
/**
 * The waiting lines compared: the engine's settings for each. Decoding `parallel` (the CPU
 * default) gives each sequence its own context and threads, so a newcomer's prompt shares the
 * cores with every flooding sequence; `batched` puts its prompt in the same batch as their next
 * tokens. `prompt first` (prefill priority, the engine's default) holds the other contexts'
 * decoding while a newcomer's prompt is evaluated.
 */
const ALL_LINES = {
  "first-come": {
    queueOrder: "first-come",
    reserveSequence: false,
    decode: "parallel",
    prefillPriority: false,
  },
  fair: { queueOrder: "fair", reserveSequence: false, decode: "parallel", prefillPriority: false },
  "fair, prompt first": {
    queueOrder: "fair",
    reserveSequence: false,
    decode: "parallel",
    prefillPriority: true,
  },
  "fair, one kept free": {
    queueOrder: "fair",
    reserveSequence: true,
    decode: "parallel",
    prefillPriority: false,
  },
  "fair, one kept free, prompt first": {
    queueOrder: "fair",
    reserveSequence: true,
    decode: "parallel",
    prefillPriority: true,
  },
  "fair, one kept free, batched": {
    queueOrder: "fair",
    reserveSequence: true,
    decode: "batched",
    prefillPriority: false,
  },
} as const satisfies Record<
  string,
  {
    queueOrder: LlamaCppQueueOrder;
    reserveSequence: boolean;
    decode: LlamaCppDecode;
    prefillPriority: boolean;
  }
>;
type Line = keyof typeof ALL_LINES;
const LINES_WANTED = args.lines?.split("|").map((name) => name.trim());
const unknownLine = LINES_WANTED?.find((name) => !(name in ALL_LINES));
if (unknownLine !== undefined) {
  throw new Error(
    `--lines: no line "${unknownLine}"; the lines: ${Object.keys(ALL_LINES).join("; ")}`,
  );
}
const ORDERS = (Object.keys(ALL_LINES) as Line[]).filter(
  (line) => !LINES_WANTED || LINES_WANTED.includes(line),
);
/**
 * The product's lines: the engine's defaults, without accounts (no sequence kept free) and with
 * them (`LLAMA_SPARE_SEQUENCE` on by default when people share the installation).
 */
const PRODUCT_LINES: Line[] = ["fair, prompt first", "fair, one kept free, prompt first"];
const RESULT_FILE = join(CACHE_DIR, "fair.json");
const THREAD_PLANS = join(CACHE_DIR, "thread-plans.json");

const log = (message: string) => process.stderr.write(`${message}\n`);
/** Between the quiet person's requests: see batches.ts (a context's threads free a tick late). */
const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

interface Reply {
  ttftMs: number;
  outputTokens: number;
}

/** One request of `owner`, streamed: its time to first token and its output tokens. */
async function request(
  provider: LlamaCppProvider,
  modelPath: string,
  owner: string,
  content: string,
  maxOutputTokens: number,
  abortSignal?: AbortSignal,
): Promise<Reply> {
  const started = performance.now();
  let ttftMs: number | undefined;
  const result = streamText({
    model: provider(modelPath),
    messages: [{ role: "user", content }],
    temperature: 0,
    maxOutputTokens,
    maxRetries: 0,
    abortSignal,
    providerOptions: { llamaCpp: { cacheOwner: owner } },
  });
  for await (const part of result.fullStream) {
    if (part.type === "error") throw part.error;
    if (part.type === "abort") throw new Error("aborted");
    if (part.type === "text-delta" || part.type === "finish-step") {
      ttftMs ??= performance.now() - started;
    }
  }
  const usage = await result.usage;
  return { ttftMs: ttftMs ?? performance.now() - started, outputTokens: usage.outputTokens ?? 0 };
}

/** The flooder: `IN_FLIGHT` requests at all times until stopped; counts what it was served. */
function flood(provider: LlamaCppProvider, modelPath: string, prompts: (n: number) => string) {
  const stop = new AbortController();
  let sent = 0;
  let tokens = 0;
  let replies = 0;
  let failures = 0;
  const started = performance.now();
  const loop = async () => {
    while (!stop.signal.aborted) {
      try {
        const reply = await request(
          provider,
          modelPath,
          "flooder",
          prompts(sent++),
          FLOOD_TOKENS,
          stop.signal,
        );
        tokens += reply.outputTokens;
        replies++;
      } catch (error) {
        if (!stop.signal.aborted) {
          failures++;
          log(`  flood request failed: ${error instanceof Error ? error.message : error}`);
        }
      }
    }
  };
  const loops = Array.from({ length: IN_FLIGHT }, loop);
  return {
    async stop() {
      const seconds = (performance.now() - started) / 1000;
      stop.abort();
      await Promise.all(loops);
      return { replies, tokensPerSecond: tokens / seconds, failures };
    },
  };
}

/** The one plan every line decodes with: given, kept, or measured once now. */
async function oneThreadPlan(
  llama: Llama,
  modelPath: string,
): Promise<{ plan: ThreadPlan; from: string }> {
  if (args.plan) return { plan: parseThreadPlan(args.plan), from: "given (--plan)" };
  const kept = await readThreadPlan(THREAD_PLANS, await threadPlanKey(modelPath));
  if (kept) {
    return {
      plan: kept.plan,
      from: `kept in ${THREAD_PLANS} (measured ${kept.measuredAt} at load ${kept.loadPerCore} per core)`,
    };
  }
  const model = await llama.loadModel({ modelPath });
  try {
    const measured = await measureThreads(model);
    return { plan: measured.plan, from: `measured once now, load ${loadavg()[0]?.toFixed(2)}` };
  } finally {
    await model.dispose();
  }
}

interface Phase {
  aloneMs: number[];
  floodMs: number[];
  floodTokensPerSecond: number[];
}

async function main() {
  const started = performance.now();
  const modelPath = await benchModelPath();
  const llama = await getLlama({ gpu: false });
  const tokenizerModel = await llama.loadModel({ modelPath, vocabOnly: true });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load ${loadavg()[0]?.toFixed(2)}`;
  log(
    `fair: ${machine}; bench model, ${SEQUENCES} sequences; the flooder keeps ${IN_FLIGHT} in flight ` +
      `(${FLOOD_TOKENS}-token replies), the quiet person sends ${QUIET_REQUESTS} one at a time ` +
      `(${QUIET_TOKENS}-token replies) alone and with the flood; ${ROUNDS} rounds`,
  );
  const threadPlan = await oneThreadPlan(llama, modelPath);
  log(`  every line: ${describeThreadPlan(threadPlan.plan)}, ${threadPlan.from}`);
  const quietPrompt = (n: number) => textOf(tokenizerModel, 30, 10_000 + n);
  const floodPrompt = (n: number) => textOf(tokenizerModel, 30, n);

  const providers = Object.fromEntries(
    ORDERS.map((order) => [
      order,
      createLlamaCpp({
        sequences: SEQUENCES,
        contextSize: 1024,
        ...ALL_LINES[order],
        threads: threadPlan.plan,
        fallbackChatWrapper: "general",
        log: (message) => message.startsWith("model") && log(`  ${message}`),
      }),
    ]),
  ) as Record<Line, LlamaCppProvider>;
  const phases = Object.fromEntries(
    ORDERS.map((order): [Line, Phase] => [
      order,
      { aloneMs: [], floodMs: [], floodTokensPerSecond: [] },
    ]),
  ) as Record<Line, Phase>;
  let quietSent = 0;
  try {
    // Loads each model and gives every sequence a first reply before anything is timed.
    for (const order of ORDERS) {
      await Promise.all(
        Array.from({ length: SEQUENCES }, (_, i) =>
          request(providers[order], modelPath, "warm-up", `Hi ${i}`, 4),
        ),
      );
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = ORDERS.map((_, i) => ORDERS[(i + round) % ORDERS.length] as Line);
      for (const line of order) {
        const provider = providers[line];
        const phase = phases[line];
        const count = line === "first-come" ? FIRST_COME_QUIET : QUIET_REQUESTS;
        log(`round ${round + 1}, ${line}: alone`);
        for (let n = 0; n < count; n++) {
          await settle();
          const reply = await request(
            provider,
            modelPath,
            "quiet",
            quietPrompt(quietSent++),
            QUIET_TOKENS,
          );
          phase.aloneMs.push(reply.ttftMs);
        }
        log(`  p95 ${quantile(phase.aloneMs.slice(-count), 0.95).toFixed(0)} ms`);
        log(`round ${round + 1}, ${line}: with the flood`);
        const flooding = flood(provider, modelPath, floodPrompt);
        // The flood fills every sequence and the line before the quiet person comes.
        await settle(1500);
        for (let n = 0; n < count; n++) {
          await settle();
          const reply = await request(
            provider,
            modelPath,
            "quiet",
            quietPrompt(quietSent++),
            QUIET_TOKENS,
          );
          phase.floodMs.push(reply.ttftMs);
        }
        const flooded = await flooding.stop();
        phase.floodTokensPerSecond.push(flooded.tokensPerSecond);
        log(
          `  p95 ${quantile(phase.floodMs.slice(-count), 0.95).toFixed(0)} ms; ` +
            `the flooder: ${flooded.replies} replies, ${flooded.tokensPerSecond.toFixed(0)} tok/s` +
            (flooded.failures ? `, ${flooded.failures} failed` : ""),
        );
        await settle(500);
      }
    }
  } finally {
    for (const provider of Object.values(providers)) await provider.dispose();
    await tokenizerModel.dispose();
  }

  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const rows = ORDERS.map((order) => {
    const phase = phases[order];
    const aloneP95 = quantile(phase.aloneMs, 0.95);
    const floodP95 = quantile(phase.floodMs, 0.95);
    return {
      order,
      ratio: floodP95 / aloneP95,
      row: [
        `${order} (${phase.floodMs.length})`,
        ms(median(phase.aloneMs)),
        ms(aloneP95),
        ms(median(phase.floodMs)),
        ms(floodP95),
        `${round(floodP95 / aloneP95, 2)}x`,
        `${median(phase.floodTokensPerSecond).toFixed(0)}`,
      ],
    };
  });
  console.log(
    `\nThe quiet person's time to first token (requests in brackets), alone and while the other keeps ${IN_FLIGHT} in flight\n`,
  );
  console.log(
    formatTable(
      [
        "waiting line",
        "alone p50",
        "alone p95",
        "flood p50",
        "flood p95",
        "p95 flood / alone",
        "flooder tok/s",
      ],
      rows.map((r) => r.row),
    ),
  );
  for (const r of rows) {
    console.log(
      `${r.order}: quiet p95 with the flood ${round(r.ratio, 2)}x alone (target ≤ ${TARGET}x): ${r.ratio <= TARGET ? "ok" : "MISSED"}`,
    );
  }
  const ok = rows.filter((r) => PRODUCT_LINES.includes(r.order)).every((r) => r.ratio <= TARGET);

  mkdirSync(dirname(RESULT_FILE), { recursive: true });
  writeFileSync(
    RESULT_FILE,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        settings: {
          rounds: ROUNDS,
          quiet: QUIET_REQUESTS,
          inFlight: IN_FLIGHT,
          floodTokens: FLOOD_TOKENS,
          quietTokens: QUIET_TOKENS,
          firstComeQuiet: FIRST_COME_QUIET,
          sequences: SEQUENCES,
          threadPlan: threadPlan.plan,
          threadPlanFrom: threadPlan.from,
          lines: ORDERS,
        },
        phases,
        minutes: round((performance.now() - started) / 60000),
      },
      null,
      2,
    )}\n`,
  );
  log(`written ${RESULT_FILE}`);
  if (!ok) process.exitCode = 1;
}

await main();
