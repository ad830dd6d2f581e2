/**
 * `npm run bench`: our AI SDK provider (lib/models/llama-cpp) against node-llama-cpp used directly,
 * on the same model, settings and prompt. See bench/README.md.
 *
 *   npm run bench -- [--rounds 12] [--max-tokens 128] [--context-size 4096]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CACHE_DIR, ensureBenchModel, MissingSharedToolsError, REPO_ROOT } from "./bench-model";
import { measureProviderOverhead, measureUsageTokenization } from "./provider-overhead";
import { describeMachine, formatOverhead, formatReport, summarize } from "./provider-report";
import { runRounds } from "./provider-rounds";
import {
  type BenchSettings,
  oursDoStreamContender,
  oursStreamTextContender,
  rawContender,
} from "./provider-vs-raw";
import { round } from "./stats";

/** 51 tokens of TinyStories-like text, which suits the bench model's 512-token vocabulary. */
const USER_TEXT =
  "Lily and Tom went to the park with a red ball. They saw a big dog under a tree. " +
  "The dog was sad. What did they do next?";

const RESULT_FILE = join(CACHE_DIR, "provider-vs-raw.json");

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "12" },
      "max-tokens": { type: "string", default: "128" },
      "context-size": { type: "string", default: "4096" },
    },
  });
  const started = performance.now();
  const model = await ensureBenchModel();
  if (model.generatedMs !== undefined) {
    log(`generated ${model.path} in ${round(model.generatedMs / 1000)} s`);
  }
  const settings: BenchSettings = {
    modelPath: model.path,
    threads: 1,
    contextSize: positiveInteger(values["context-size"], "--context-size"),
    maxTokens: positiveInteger(values["max-tokens"], "--max-tokens"),
    userText: USER_TEXT,
  };
  const rounds = positiveInteger(values.rounds, "--rounds");

  // First, without a model: what the provider adds per request and per chunk. Its hundreds of
  // calls also warm up the JIT for the provider and the AI SDK, as in a server that has been
  // running for a while; otherwise the first requests of the rounds pay for compilation.
  log("measuring the provider's own overhead with a fake engine");
  const overhead = {
    oneChunk: await measureProviderOverhead(1),
    manyChunks: await measureProviderOverhead(settings.maxTokens),
    usageTokenization: await measureUsageTokenization(settings.modelPath, settings.userText),
  };

  const raw = rawContender(settings);
  const contenders = [raw, oursDoStreamContender(settings), oursStreamTextContender(settings)];
  let result: Awaited<ReturnType<typeof runRounds>>;
  try {
    result = await runRounds(contenders, {
      rounds,
      maxOtherCpus: 0.15,
      retryBudgetMs: 60_000,
      log,
    });
  } finally {
    await raw.dispose();
  }
  const summary = summarize(contenders, result.samples);

  const machine = describeMachine(REPO_ROOT);
  const roundStats = {
    kept: rounds,
    discarded: result.discarded,
    keptBusy: result.keptBusy,
    waitedS: round(result.waitedMs / 1000),
  };
  const elapsedS = round((performance.now() - started) / 1000);
  console.log(
    [
      "",
      formatReport({ settings, rounds: roundStats, summary, machine }),
      "",
      formatOverhead(overhead, summary),
      "",
      `${elapsedS} s in all; results in ${RESULT_FILE}`,
    ].join("\n"),
  );

  mkdirSync(CACHE_DIR, { recursive: true });
  const { modelPath: _modelPath, ...recordedSettings } = settings;
  const perRound = Object.fromEntries(
    [...result.samples].map(([id, list]) => [id, list.map(({ text: _text, ...rest }) => rest)]),
  );
  const record = {
    date: new Date().toISOString(),
    machine,
    settings: { ...recordedSettings, model: "bench-135m.gguf", rounds },
    rounds: roundStats,
    summary,
    overhead,
    replyText: result.samples.get("raw")?.[0]?.text,
    perRound,
    elapsedS,
  };
  writeFileSync(RESULT_FILE, `${JSON.stringify(record, null, 2)}\n`);
}

function positiveInteger(value: string | undefined, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`${name} must be a positive integer`);
  return parsed;
}

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof MissingSharedToolsError) console.error(`bench: ${error.message}`);
  else console.error("bench failed:", error);
  process.exitCode = 1;
});
