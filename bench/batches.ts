/**
 * Serving several conversations at once (issue 15), on the realistic-size bench model, in one run:
 *
 * 1. decode: aggregate output tok/s with 1, 2, 4 and 8 conversations at once, through our
 *    provider decoding `parallel` (a context per sequence, the CPU default) and `batched` (one
 *    context: every sequence in each step's batch, the GPU default), and through node-llama-cpp
 *    alone (one context, a LlamaChat per sequence, as its documentation shows); against
 *    llama-server's figure from the issue (it cannot be built here).
 * 2. start: four requests sent at once, one of them on a sequence that holds an earlier
 *    conversation: the spread of their first tokens, against one prefill alone.
 * 3. batches: in `batched` decoding, the share of decode steps that carry every active sequence.
 *
 *   npm run bench:batches [-- --rounds 3 --reps 12]     writes .cache/bench/batches.json
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { type ModelMessage, streamText } from "ai";
import { getLlama, LlamaChat, type LlamaModel } from "node-llama-cpp";
import { createLlamaCpp, type LlamaCppProvider } from "../lib/models/llama-cpp";
import type { LlamaCppDecode } from "../lib/models/llama-cpp/llama-cpp-engine";
import { benchModelPath } from "../tests/support/test-models";
import { fullStepShare, watchDecodes } from "../tests/support/watch-decodes";
import { CACHE_DIR } from "./bench-model";
import { formatTable, median, round } from "./stats";
import { textOf } from "./story-text";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    reps: { type: "string", default: "12" },
    tokens: { type: "string", default: "96" },
  },
});
const ROUNDS = Number(args.rounds);
const REPS = Number(args.reps);
const TOKENS = Number(args.tokens);
const AT_ONCE = [1, 2, 4, 8] as const;
const SEQUENCES = 8;
/** Issue 15: llama-server (same llama.cpp, same bench model, 4 slots, -t 1 -tb 2), 4 at once. */
const LLAMA_SERVER_4_AT_ONCE = 180;
/** node-llama-cpp alone is given the machine's cores, as its documentation suggests. */
const RAW_THREADS = Math.min(2, cpus().length);
const RESULT_FILE = join(CACHE_DIR, "batches.json");
const THREAD_PLANS = join(CACHE_DIR, "thread-plans.json");

const log = (message: string) => process.stderr.write(`${message}\n`);
/**
 * Before each timed run: node-llama-cpp frees a context's thread reservation a timer tick after
 * its decode loop ends, so a request sent the very moment another ends would share the threads
 * with a context that no longer decodes (one thread for its prompt instead of two, in parallel
 * decoding). Back-to-back runs are this bench's doing, not a pattern worth timing.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

interface Reply {
  startMs: number;
  firstMs: number;
  endMs: number;
  outputTokens: number;
}

async function reply(
  provider: LlamaCppProvider,
  modelPath: string,
  messages: ModelMessage[],
  maxOutputTokens: number,
): Promise<Reply> {
  const startMs = performance.now();
  let firstMs: number | undefined;
  const result = streamText({
    model: provider(modelPath),
    messages,
    temperature: 0,
    maxOutputTokens,
    maxRetries: 0,
  });
  for await (const part of result.fullStream) {
    if (part.type === "text-delta" || part.type === "finish-step") firstMs ??= performance.now();
  }
  const usage = await result.usage;
  return {
    startMs,
    firstMs: firstMs ?? performance.now(),
    endMs: performance.now(),
    outputTokens: usage.outputTokens ?? 0,
  };
}

/** Output tokens of all over the wall time from the first request to the last reply's end. */
function aggregate(replies: readonly Reply[]) {
  const start = Math.min(...replies.map((r) => r.startMs));
  const end = Math.max(...replies.map((r) => r.endMs));
  const tokens = replies.reduce((sum, r) => sum + r.outputTokens, 0);
  return { tokens, tokPerS: (tokens * 1000) / (end - start) };
}

type Path = LlamaCppDecode | "node-llama-cpp";

async function ours(decode: LlamaCppDecode): Promise<LlamaCppProvider> {
  const provider = createLlamaCpp({
    sequences: SEQUENCES,
    contextSize: 1024,
    decode,
    threadPlan: { file: THREAD_PLANS },
    fallbackChatWrapper: "general",
    log: (message) => message.startsWith("model") && log(`  ${message}`),
  });
  return provider;
}

/** node-llama-cpp alone: one context of SEQUENCES sequences, a LlamaChat each. */
async function raw(model: LlamaModel) {
  const context = await model.createContext({
    sequences: SEQUENCES,
    contextSize: 1024,
    threads: RAW_THREADS,
  });
  const chats = Array.from(
    { length: SEQUENCES },
    () => new LlamaChat({ contextSequence: context.getSequence() }),
  );
  return {
    async run(prompts: string[]): Promise<Reply[]> {
      return Promise.all(
        prompts.map(async (text, index) => {
          const chat = chats[index] as LlamaChat;
          await chat.sequence.clearHistory();
          const startMs = performance.now();
          let firstMs: number | undefined;
          const before = chat.sequence.tokenMeter.usedOutputTokens;
          await chat.generateResponse(
            [
              { type: "user", text },
              { type: "model", response: [] },
            ],
            {
              maxTokens: TOKENS,
              temperature: 0,
              onTextChunk: () => {
                firstMs ??= performance.now();
              },
            },
          );
          return {
            startMs,
            firstMs: firstMs ?? performance.now(),
            endMs: performance.now(),
            outputTokens: chat.sequence.tokenMeter.usedOutputTokens - before,
          };
        }),
      );
    },
    dispose: () => context.dispose(),
  };
}

async function main() {
  const started = performance.now();
  const modelPath = await benchModelPath();
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load ${loadavg()[0]?.toFixed(2)}`;
  log(`batches: ${machine}; bench model; ${TOKENS} tokens per reply; ${ROUNDS} rounds`);

  // 1. Decode throughput, the three paths side by side, rounds in rotating order.
  const paths: Path[] = ["parallel", "batched", "node-llama-cpp"];
  const decode: Record<Path, Record<number, number[]>> = {
    parallel: {},
    batched: {},
    "node-llama-cpp": {},
  };
  const tokensSeen: Record<Path, Set<number>> = {
    parallel: new Set(),
    batched: new Set(),
    "node-llama-cpp": new Set(),
  };
  for (let round = 0; round < ROUNDS; round++) {
    const order = paths.map((_, i) => paths[(i + round) % paths.length] as Path);
    for (const path of order) {
      log(`decode, round ${round + 1}: ${path}`);
      const runner =
        path === "node-llama-cpp"
          ? await raw(model)
          : await (async () => {
              const provider = await ours(path);
              // Loads the model (and its thread plan) and gives every sequence a first reply (the
              // first after a load are slower) before anything is timed.
              await Promise.all(
                Array.from({ length: SEQUENCES }, (_, i) =>
                  reply(provider, modelPath, [{ role: "user", content: `Hi ${i}` }], 8),
                ),
              );
              return {
                run: (prompts: string[]) =>
                  Promise.all(
                    prompts.map((content) =>
                      reply(provider, modelPath, [{ role: "user", content }], TOKENS),
                    ),
                  ),
                dispose: () => provider.dispose(),
              };
            })();
      try {
        for (const atOnce of AT_ONCE) {
          const prompts = Array.from({ length: atOnce }, (_, i) =>
            textOf(model, 30, 100 * round + 10 * atOnce + i),
          );
          await settle();
          const result = aggregate(await runner.run(prompts));
          decode[path][atOnce] = [...(decode[path][atOnce] ?? []), result.tokPerS];
          tokensSeen[path].add(result.tokens / atOnce);
          log(`  ${atOnce} at once: ${result.tokens} tokens, ${result.tokPerS.toFixed(0)} tok/s`);
        }
      } finally {
        await runner.dispose();
      }
    }
  }

  // One conversation alone, both modes alternating, decode speed after the first token: the
  // comparison the table's first column is too few samples for.
  log("alone: parallel and batched, alternating");
  const alone: Record<LlamaCppDecode, number[]> = { parallel: [], batched: [] };
  {
    const providers = { parallel: await ours("parallel"), batched: await ours("batched") };
    try {
      for (const provider of Object.values(providers)) {
        await reply(provider, modelPath, [{ role: "user", content: "Hi" }], 8);
      }
      for (let rep = 0; rep < REPS; rep++) {
        for (const mode of ["parallel", "batched"] as const) {
          await settle();
          const content = textOf(model, 30, 7000 + rep);
          const one = await reply(providers[mode], modelPath, [{ role: "user", content }], TOKENS);
          alone[mode].push(((one.outputTokens - 1) * 1000) / (one.endMs - one.firstMs));
        }
      }
    } finally {
      for (const provider of Object.values(providers)) await provider.dispose();
    }
  }

  // 2. Four requests at once; one sequence holds an earlier conversation.
  const start: Record<LlamaCppDecode, { spreadsMs: number[]; aloneMs: number[] }> = {
    parallel: { spreadsMs: [], aloneMs: [] },
    batched: { spreadsMs: [], aloneMs: [] },
  };
  for (const mode of ["parallel", "batched"] as const) {
    log(`start: ${mode}`);
    const provider = createLlamaCpp({
      sequences: 4,
      contextSize: 1024,
      decode: mode,
      threadPlan: { file: THREAD_PLANS },
      fallbackChatWrapper: "general",
    });
    try {
      for (let rep = 0; rep < 3; rep++) {
        await settle();
        const alone = await reply(
          provider,
          modelPath,
          [{ role: "user", content: textOf(model, 200, 9000 + rep) }],
          1,
        );
        start[mode].aloneMs.push(alone.firstMs - alone.startMs);
      }
      for (let rep = 0; rep < REPS; rep++) {
        await settle();
        // Four prompts of the same length (different texts): their prefills are one prefill's
        // work each, so first tokens apart by more than one prefill mean one waited.
        const replies = await Promise.all(
          [0, 1, 2, 3].map((i) =>
            reply(
              provider,
              modelPath,
              [{ role: "user", content: textOf(model, 200, 1000 + 10 * rep + i) }],
              8,
            ),
          ),
        );
        const firsts = replies.map((r) => r.firstMs);
        start[mode].spreadsMs.push(Math.max(...firsts) - Math.min(...firsts));
      }
      log(`  spreads ${start[mode].spreadsMs.map((ms) => ms.toFixed(0)).join(" ")} ms`);
    } finally {
      await provider.dispose();
    }
  }

  // 3. Batched decoding: which sequences each step carries.
  log("batches: batched decoding, 2, 4 and 8 at once");
  const recorder = watchDecodes();
  const histogram: Record<number, { steps: number; full: number }> = {};
  const batched = await ours("batched");
  try {
    await reply(batched, modelPath, [{ role: "user", content: "Hi" }], 1);
    for (const atOnce of [2, 4, 8]) {
      recorder.take();
      await Promise.all(
        Array.from({ length: atOnce }, (_, i) =>
          reply(batched, modelPath, [{ role: "user", content: textOf(model, 30, 500 + i) }], 64),
        ),
      );
      const steps = recorder.take();
      histogram[atOnce] = { steps: steps.length, full: fullStepShare(steps) };
    }
  } finally {
    recorder.stop();
    await batched.dispose();
  }
  await model.dispose();

  // Report.
  const med = (path: Path, atOnce: number) => median(decode[path][atOnce] ?? [0]);
  console.log(
    `\nDecode: aggregate output tok/s (median of ${ROUNDS}; ${TOKENS} tokens per reply, ~30-token prompts)\n`,
  );
  console.log(
    formatTable(
      ["path", ...AT_ONCE.map((n) => `${n} at once`), "4 at once / one", "tokens per reply"],
      paths.map((path) => [
        path === "node-llama-cpp"
          ? `node-llama-cpp alone (${RAW_THREADS} threads)`
          : `ours, ${path}`,
        ...AT_ONCE.map((n) => med(path, n).toFixed(0)),
        `${(med(path, 4) / med(path, 1)).toFixed(2)}x`,
        [...tokensSeen[path]].join(", "),
      ]),
    ),
  );
  const best = Math.max(med("parallel", 4), med("batched", 4));
  const decodeOk = best >= LLAMA_SERVER_4_AT_ONCE;
  // One conversation alone, parallel (the new CPU default) against batched (what it was).
  const aloneOk = median(alone.parallel) >= 0.95 * median(alone.batched);
  console.log(
    `\n4 at once, ours (CPU default, parallel): ${med("parallel", 4).toFixed(0)} tok/s; llama-server (issue 15's figure): ~${LLAMA_SERVER_4_AT_ONCE}: ${decodeOk ? "ok" : "MISSED"}`,
  );
  console.log(
    `one alone, decode after the first token (median of ${REPS}, alternating): parallel ${median(alone.parallel).toFixed(0)} vs batched ${median(alone.batched).toFixed(0)} tok/s: ${aloneOk ? "ok (no slower, within 5%)" : "MISSED"}`,
  );
  console.log(
    "\nStart: four requests at once (200-token prompts; sequences hold earlier conversations)\n",
  );
  const startRows = (["parallel", "batched"] as const).map((mode) => {
    const prefill = median(start[mode].aloneMs);
    const within = start[mode].spreadsMs.filter((ms) => ms <= prefill).length;
    return {
      mode,
      prefill,
      within,
      row: [
        `ours, ${mode}`,
        `${prefill.toFixed(0)} ms`,
        `${median(start[mode].spreadsMs).toFixed(0)} ms`,
        `${Math.max(...start[mode].spreadsMs).toFixed(0)} ms`,
        `${within} / ${start[mode].spreadsMs.length}`,
      ],
    };
  });
  console.log(
    formatTable(
      [
        "path",
        "one prefill alone (200 tokens)",
        "spread, median",
        "spread, max",
        "within one prefill",
      ],
      startRows.map((r) => r.row),
    ),
  );
  const startOk = startRows.every((r) => r.within === REPS);
  console.log(`every request starts at once: ${startOk ? "ok" : "MISSED"}`);
  console.log("\nBatches (batched decoding): steps that carry every active sequence\n");
  console.log(
    formatTable(
      ["at once", "decode steps", "full"],
      Object.entries(histogram).map(([n, h]) => [n, String(h.steps), `${round(h.full * 100)}%`]),
    ),
  );
  const batchesOk = Object.values(histogram).every((h) => h.full >= 0.95);
  console.log(`>= 95% full: ${batchesOk ? "ok" : "MISSED"}`);

  mkdirSync(dirname(RESULT_FILE), { recursive: true });
  writeFileSync(
    RESULT_FILE,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        settings: { rounds: ROUNDS, reps: REPS, tokens: TOKENS, sequences: SEQUENCES },
        decode,
        alone,
        start,
        histogram,
        minutes: round((performance.now() - started) / 60000),
      },
      null,
      2,
    )}\n`,
  );
  log(`written ${RESULT_FILE}`);
  if (!(decodeOk && aloneOk && startOk && batchesOk)) process.exitCode = 1;
}

await main();
