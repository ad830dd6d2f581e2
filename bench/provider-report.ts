import { readFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";
import type { measureProviderOverhead, measureUsageTokenization } from "./provider-overhead";
import type { Measured, RoundsResult } from "./provider-rounds";
import type { BenchSettings, Contender } from "./provider-vs-raw";
import { formatTable, median, quantile, relativeSpread, round } from "./stats";

/** Ours against raw: TTFT may be at most this much higher, decode tokens/s this much lower. */
export const TOLERANCE = 0.05;

interface Spread {
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
}

/** ours/raw three ways; they agree when the run is steady. */
interface Ratio {
  /** Of the medians. */
  medians: number;
  /** The median of the per-round ratios (a slow phase of the machine hits both sides). */
  paired: number;
  /**
   * Of the fast quartile (TTFT: 25th percentile; decode: 75th). Request times on this VM are
   * bimodal (e.g. TTFT ~190 or ~260 ms), and the medians move with the mix of the two modes.
   */
  fastQuartile: number;
}

export interface ContenderSummary {
  id: Contender["id"];
  label: string;
  ttftMs: Spread;
  decodeTokPerS: Spread;
  totalMs: number;
  cpuMs: number;
  gcMs: number;
  otherCpus: number | undefined;
  outputTokens: number[];
  promptTokens: number[];
  chunks: number;
  /** Interquartile range over the median, between rounds: the noise floor of the ratios. */
  spread: { ttft: number; decode: number };
  vsRaw?: { ttft: Ratio; decode: Ratio; cpu: number; sameText: boolean };
}

export function summarize(
  contenders: readonly Contender[],
  samples: RoundsResult["samples"],
): ContenderSummary[] {
  const raw = samples.get("raw") ?? [];
  const spread = (values: number[]): Spread => ({
    min: round(Math.min(...values), 2),
    p25: round(quantile(values, 0.25), 2),
    median: round(median(values), 2),
    p75: round(quantile(values, 0.75), 2),
    max: round(Math.max(...values), 2),
  });
  const medianOf = (list: Measured[], pick: (s: Measured) => number) => median(list.map(pick));
  return contenders.map((contender) => {
    const list = samples.get(contender.id) ?? [];
    const others = list.flatMap((s) => (s.otherCpus === undefined ? [] : [s.otherCpus]));
    const summary: ContenderSummary = {
      id: contender.id,
      label: contender.label,
      ttftMs: spread(list.map((s) => s.ttftMs)),
      decodeTokPerS: spread(list.map((s) => s.decodeTokPerS)),
      totalMs: round(medianOf(list, (s) => s.totalMs)),
      cpuMs: round(medianOf(list, (s) => s.cpuMs)),
      gcMs: round(
        medianOf(list, (s) => s.gcMs),
        2,
      ),
      otherCpus: others.length > 0 ? round(median(others), 3) : undefined,
      outputTokens: [...new Set(list.map((s) => s.outputTokens))],
      promptTokens: [...new Set(list.map((s) => s.promptTokens))],
      chunks: medianOf(list, (s) => s.chunks),
      spread: {
        ttft: round(relativeSpread(list.map((s) => s.ttftMs)), 3),
        decode: round(relativeSpread(list.map((s) => s.decodeTokPerS)), 3),
      },
    };
    if (contender.id !== "raw") {
      const ratio = (pick: (s: Measured) => number, fast: number): Ratio => ({
        medians: round(medianOf(list, pick) / medianOf(raw, pick), 3),
        paired: round(median(list.map((s, i) => pick(s) / pick(raw[i] as Measured))), 3),
        fastQuartile: round(quantile(list.map(pick), fast) / quantile(raw.map(pick), fast), 3),
      });
      summary.vsRaw = {
        ttft: ratio((s) => s.ttftMs, 0.25),
        decode: ratio((s) => s.decodeTokPerS, 0.75),
        cpu: round(medianOf(list, (s) => s.cpuMs) / medianOf(raw, (s) => s.cpuMs), 3),
        sameText: list.every((s, i) => s.text === raw[i]?.text),
      };
    }
    return summary;
  });
}

export interface Machine {
  cpu: string;
  nproc: number;
  memoryGiB: number;
  node: string;
  nodeLlamaCpp: string;
}

export function describeMachine(repoRoot: string): Machine {
  const packageJson = join(repoRoot, "node_modules", "node-llama-cpp", "package.json");
  return {
    cpu: cpus()[0]?.model ?? "unknown CPU",
    nproc: availableParallelism(),
    memoryGiB: round(totalmem() / 2 ** 30),
    node: process.version,
    nodeLlamaCpp: (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version,
  };
}

const pct = (fraction: number) => `${fraction >= 0 ? "+" : ""}${(fraction * 100).toFixed(1)}%`;

/**
 * ok: the ratio of the medians meets the target. MISS: all three estimates miss it. Otherwise
 * the run cannot tell: the estimates disagree, i.e. the difference is within the noise.
 */
function verdict(ratio: Ratio, meets: (value: number) => boolean): string {
  if (meets(ratio.medians)) return "ok";
  if (!meets(ratio.paired) && !meets(ratio.fastQuartile)) return "MISS";
  return "unresolved (the other estimates meet the target)";
}

export function formatReport(input: {
  settings: BenchSettings;
  rounds: Pick<RoundsResult, "discarded" | "keptBusy"> & { kept: number; waitedS: number };
  summary: readonly ContenderSummary[];
  machine: Machine;
}): string {
  const { settings, rounds, summary, machine } = input;
  const cell = (value: number, quartile: number) => `${round(value, 1)} [${round(quartile, 1)}]`;
  const ratios = (r: Ratio) =>
    `${r.medians.toFixed(3)} ${r.paired.toFixed(3)} ${r.fastQuartile.toFixed(3)}`;
  const table = formatTable(
    [
      "path",
      "TTFT ms [p25]",
      "decode tok/s [p75]",
      "total ms",
      "CPU ms",
      "GC ms",
      "prompt/out tok",
      "TTFT ours/raw",
      "decode ours/raw",
    ],
    summary.map((s) => [
      s.label,
      cell(s.ttftMs.median, s.ttftMs.p25),
      cell(s.decodeTokPerS.median, s.decodeTokPerS.p75),
      String(Math.round(s.totalMs)),
      `${Math.round(s.cpuMs)}${s.vsRaw ? ` (${s.vsRaw.cpu.toFixed(3)})` : ""}`,
      String(round(s.gcMs, 1)),
      `${s.promptTokens.join("|")}/${s.outputTokens.join("|")}`,
      s.vsRaw ? ratios(s.vsRaw.ttft) : "",
      s.vsRaw ? ratios(s.vsRaw.decode) : "",
    ]),
  );
  const verdicts = summary.flatMap((s) => {
    if (!s.vsRaw) return [];
    const { ttft, decode, cpu, sameText } = s.vsRaw;
    return [
      `  ${s.label}: TTFT ${pct(ttft.medians - 1)} ${verdict(ttft, (r) => r <= 1 + TOLERANCE)}; ` +
        `decode ${pct(decode.medians - 1)} ${verdict(decode, (r) => r >= 1 - TOLERANCE)}; ` +
        `CPU ${pct(cpu - 1)}${sameText ? "; same reply text" : "; WARNING: reply text differs from raw"}`,
    ];
  });
  const others = summary.map((s) => s.otherCpus).filter((x) => x !== undefined);
  const raw = summary.find((s) => s.id === "raw");
  return [
    `provider vs raw node-llama-cpp: bench-135m.gguf, threads ${settings.threads}, ` +
      `context ${settings.contextSize}, 1 sequence, GeneralChatWrapper, greedy, ` +
      `maxTokens ${settings.maxTokens}, a cold sequence for every request`,
    `${machine.cpu}, ${machine.nproc} CPUs, ${machine.memoryGiB} GiB, node ${machine.node}, ` +
      `node-llama-cpp ${machine.nodeLlamaCpp}`,
    `${rounds.kept} interleaved rounds after 1 warm-up; ${rounds.discarded} more measured again ` +
      `because other processes were busy${rounds.keptBusy ? `, ${rounds.keptBusy} kept busy` : ""}` +
      `; ${rounds.waitedS} s waited for quiet` +
      (others.length > 0 ? `; other processes used a median ${Math.max(...others)} CPUs` : ""),
    "medians [fast quartile]; CPU ms = this process's CPU time per request (ours/raw); " +
      "GC ms = garbage-collection pauses during a request; " +
      "ratios ours/raw: of the medians, median of per-round ratios, of the fast quartiles",
    "",
    table,
    "",
    `target: ours within ${TOLERANCE * 100}% of raw (TTFT ratio <= ${1 + TOLERANCE}, ` +
      `decode ratio >= ${1 - TOLERANCE})`,
    ...verdicts,
    raw
      ? `  noise: between rounds raw's own TTFT moves by ${(raw.spread.ttft * 100).toFixed(0)}% ` +
        `and its decode speed by ${(raw.spread.decode * 100).toFixed(0)}% (interquartile range ` +
        "over the median)"
      : "",
  ].join("\n");
}

export type Overhead = {
  oneChunk: Awaited<ReturnType<typeof measureProviderOverhead>>;
  manyChunks: Awaited<ReturnType<typeof measureProviderOverhead>>;
  usageTokenization: Awaited<ReturnType<typeof measureUsageTokenization>>;
};

export function formatOverhead(overhead: Overhead, summary: readonly ContenderSummary[]): string {
  const { oneChunk: one, manyChunks: many, usageTokenization } = overhead;
  const perChunk = (key: "doStreamOverheadUs" | "streamTextOverheadUs") =>
    round((many[key] - one[key]) / (many.chunks - 1), 2);
  const rawTotalUs = (summary.find((s) => s.id === "raw")?.totalMs ?? Number.NaN) * 1000;
  const share = (us: number) => `${((us / rawTotalUs) * 100).toFixed(2)}% of a raw request`;
  return [
    "provider overhead without a model (fake engine, one chunk per microtask), median µs per request:",
    formatTable(
      ["chunks", "engine alone", "doStream adds", "streamText adds"],
      [one, many].map((o) => [
        String(o.chunks),
        String(o.engineUs),
        String(o.doStreamOverheadUs),
        String(o.streamTextOverheadUs),
      ]),
    ),
    `  per chunk: doStream ${perChunk("doStreamOverheadUs")} µs, ` +
      `streamText ${perChunk("streamTextOverheadUs")} µs`,
    `  at ${many.chunks} chunks: doStream ${share(many.doStreamOverheadUs)}, ` +
      `streamText ${share(many.streamTextOverheadUs)}`,
    `engine's second prompt render + tokenize for usage (${usageTokenization.promptTokens} tokens): ` +
      `${usageTokenization.us} µs, ${share(usageTokenization.us)}`,
  ].join("\n");
}
