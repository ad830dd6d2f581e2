/**
 * How the embedding engine sets up node-llama-cpp on a real model (stories260K: 8-wide heads):
 * threads measured at load when none are given, flash attention off for narrow heads.
 */
import { availableParallelism } from "node:os";
import { getLlama } from "node-llama-cpp";
import { expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { loadNodeLlamaCppEmbeddingEngine } from "./node-llama-cpp-embedding-engine";

const TEXT = "Mom made soup and bread for lunch that day.";

async function load(threads?: number) {
  const logs: string[] = [];
  const engine = await loadNodeLlamaCppEmbeddingEngine({
    modelPath: await testModelPath("stories260K.gguf"),
    contextSize: 256,
    gpu: "cpu",
    threads,
    log: (line) => logs.push(line),
  });
  return { engine, logs };
}

it("without threads given, measures every count from 1 to the cores and uses the fastest", async () => {
  const { engine, logs } = await load();
  try {
    const measuredLine = logs.find((line) => line.startsWith("embedding threads measured"));
    const speeds: Record<string, number> = JSON.parse(measuredLine?.split(": ")[1] ?? "{}");
    const counts = Array.from({ length: availableParallelism() }, (_, i) => String(i + 1));
    expect(Object.keys(speeds)).toEqual(counts);
    for (const speed of Object.values(speeds)) expect(speed).toBeGreaterThan(0);
    const fastest = Object.entries(speeds).sort(([, a], [, b]) => b - a)[0]?.[0];
    expect(logs.at(-1)).toContain(`, ${fastest} threads (flash attention off: narrow heads), `);
  } finally {
    await engine.dispose();
  }
});

it("with threads given, measures nothing and uses them", async () => {
  const { engine, logs } = await load(1);
  try {
    expect(logs.some((line) => line.startsWith("embedding threads measured"))).toBe(false);
    expect(logs.at(-1)).toContain(", 1 threads (flash attention off: narrow heads), ");
  } finally {
    await engine.dispose();
  }
});

it("evaluates without flash attention: its vector is node-llama-cpp's with it off, not on", async () => {
  const { engine } = await load(1);
  const llama = await getLlama({ gpu: false, build: "never" });
  const modelPath = await testModelPath("stories260K.gguf");
  const vectorWith = async (flashAttention: boolean) => {
    const model = await llama.loadModel({
      modelPath,
      defaultContextFlashAttention: flashAttention,
    });
    const context = await model.createEmbeddingContext({ contextSize: 256, threads: 1 });
    try {
      return (await context.getEmbeddingFor(TEXT)).vector;
    } finally {
      await context.dispose();
      await model.dispose();
    }
  };
  try {
    const [ours] = await engine.embed([engine.tokenize(TEXT)]);
    const off = await vectorWith(false);
    const on = await vectorWith(true);
    const farthest = (other: readonly number[]) =>
      Math.max(...(ours ?? []).map((x, i) => Math.abs(x - (other[i] ?? Number.NaN))));
    expect(ours).toHaveLength(off.length);
    expect(farthest(off)).toBeLessThan(1e-6);
    expect(farthest(on)).toBeGreaterThan(1e-4);
  } finally {
    await engine.dispose();
  }
});
