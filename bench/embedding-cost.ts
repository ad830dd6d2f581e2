/**
 * Where the local embedding model's time per input goes: node-llama-cpp's embedding context, as
 * our engine creates it, timed per input for chunk-sized inputs (~400 tokens, as retrieval
 * embeds) and short ones (a question), under several settings side by side, rounds interleaved.
 *
 *   npx tsx bench/embedding-cost.ts [--model stories|bench] [--inputs 50] [--rounds 3]
 *                                   [--configs t2/b2048,t1/b2048,t1/b512]
 *
 * A config is `/`-separated settings of one embedding context: `tT` threads (required), `bB`
 * batchSize (default: the context size, as the engine sets it), `cC` contextSize (default the
 * engine's: the model's training context, at most 2048), `fa0`/`fa1` flashAttention off/on
 * (default node-llama-cpp's `auto`: on for the CPU). Each line prints the median per input of wall
 * time and of this process's CPU time (all its threads). Inputs are given as token ids, as the
 * engine gives them.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { getLlama, type LlamaEmbeddingContext, type LlamaModel, type Token } from "node-llama-cpp";
import { benchModelPath, testModelPath } from "../tests/support/test-models";
import { formatTable, median, round } from "./stats";
import { textOf } from "./story-text";

const { values: args } = parseArgs({
  options: {
    model: { type: "string", default: "stories" },
    inputs: { type: "string", default: "50" },
    rounds: { type: "string", default: "3" },
    configs: { type: "string", default: "t2/b2048,t1/b2048,t1/b512" },
  },
});
const INPUTS = Number(args.inputs);
const ROUNDS = Number(args.rounds);

interface Config {
  name: string;
  threads: number;
  batchSize?: number;
  contextSize?: number;
  flashAttention?: boolean;
  context?: LlamaEmbeddingContext;
  createMs?: number;
  /** Per input, ms, by input kind: wall and CPU. */
  wall: Record<Kind, number[]>;
  cpu: Record<Kind, number[]>;
}
type Kind = "chunk" | "short";

const configs: Config[] = args.configs.split(",").map((name) => {
  const config: Config = {
    name,
    threads: 0,
    wall: { chunk: [], short: [] },
    cpu: { chunk: [], short: [] },
  };
  for (const part of name.split("/")) {
    const match = /^(t|b|c|fa)(\d+)$/.exec(part);
    if (!match) throw new Error(`config ${name}: ${part} is not tT, bB, cC, fa0 or fa1`);
    const value = Number(match[2]);
    if (match[1] === "t") config.threads = value;
    else if (match[1] === "b") config.batchSize = value;
    else if (match[1] === "c") config.contextSize = value;
    else config.flashAttention = value === 1;
  }
  if (!config.threads) throw new Error(`config ${name}: threads (tT) must be given`);
  return config;
});

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function timeInputs(config: Config, kind: Kind, inputs: readonly Token[][]) {
  const context = config.context as LlamaEmbeddingContext;
  for (const tokens of inputs) {
    const wall0 = performance.now();
    const cpu0 = cpuNow();
    await context.getEmbeddingFor(tokens);
    config.wall[kind].push(performance.now() - wall0);
    config.cpu[kind].push(cpuNow() - cpu0);
  }
}

const path =
  args.model === "bench" ? await benchModelPath() : await testModelPath("stories260K.gguf");
const llama = await getLlama({ gpu: false, build: "never" });
const model: LlamaModel = await llama.loadModel({ modelPath: path });
/** flashAttention is the model's default for its contexts (an embedding context takes no option). */
const modelsByFlash = new Map<boolean, LlamaModel>();
async function modelFor(flashAttention: boolean | undefined): Promise<LlamaModel> {
  if (flashAttention === undefined) return model;
  let loaded = modelsByFlash.get(flashAttention);
  if (!loaded) {
    loaded = await llama.loadModel({
      modelPath: path,
      defaultContextFlashAttention: flashAttention,
    });
    modelsByFlash.set(flashAttention, loaded);
  }
  return loaded;
}
const contextSize = Math.min(model.trainContextSize || 2048, 2048);
const chunks = Array.from({ length: INPUTS }, (_, i) => model.tokenize(textOf(model, 400, i)));
const shorts = Array.from({ length: INPUTS }, (_, i) => model.tokenize(textOf(model, 12, i)));
const loadStart = loadavg()
  .map((l) => l.toFixed(1))
  .join(" ");
console.log(
  `embedding cost: ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, ` +
    `model ${args.model} (train context ${model.trainContextSize}, context ${contextSize}), ` +
    `chunks ${chunks[0]?.length} tokens, short ${shorts[0]?.length}, load ${loadStart}`,
);

for (const config of configs) {
  const start = performance.now();
  const size = config.contextSize ?? contextSize;
  const owner = await modelFor(config.flashAttention);
  config.context = await owner.createEmbeddingContext({
    contextSize: size,
    batchSize: Math.min(config.batchSize ?? size, size),
    threads: config.threads,
  });
  config.createMs = performance.now() - start;
  await config.context.getEmbeddingFor("warm up");
}
for (let round = 0; round < ROUNDS; round++) {
  for (const config of configs) {
    await timeInputs(config, "chunk", chunks);
    await timeInputs(config, "short", shorts);
  }
}

console.log(
  formatTable(
    [
      "config",
      "context ms",
      "chunk ms/input",
      "chunk CPU ms",
      "chunk tok/s",
      "short ms/input",
      "short CPU ms",
    ],
    configs.map((config) => {
      const chunkTokens = chunks[0]?.length ?? 0;
      return [
        config.name,
        String(round(config.createMs ?? 0)),
        String(round(median(config.wall.chunk), 2)),
        String(round(median(config.cpu.chunk), 2)),
        String(Math.round(chunkTokens / (median(config.wall.chunk) / 1000))),
        String(round(median(config.wall.short), 2)),
        String(round(median(config.cpu.short), 2)),
      ];
    }),
  ),
);
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const config of configs) await config.context?.dispose();
for (const loaded of modelsByFlash.values()) await loaded.dispose();
await model.dispose();
