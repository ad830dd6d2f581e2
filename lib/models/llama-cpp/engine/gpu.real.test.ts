/**
 * The GPU setting on a real model (stories260K). These machines have no GPU: `auto` resolves to
 * the CPU and says so, and a named GPU whose build cannot run here falls back to the CPU with the
 * reason instead of failing. (What happens on a GPU is node-llama-cpp's; we have not measured it.)
 */
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { afterAll, describe, expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import type { LlamaCppEngine } from "../llama-cpp-engine";
import { loadNodeLlamaCppEngine } from "./node-llama-cpp-engine";

const hasGpu =
  (await getLlama({ gpu: "auto", build: "never", logLevel: LlamaLogLevel.error })).gpu !== false;
const engines: LlamaCppEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.dispose()));
});

async function load(gpu: "auto" | "cuda" | "cpu") {
  const logs: string[] = [];
  const engine = await loadNodeLlamaCppEngine({
    modelPath: await testModelPath("stories260K.gguf"),
    threads: 1,
    sequences: 1,
    contextSize: 512,
    fallbackChatWrapper: "general",
    gpu,
    log: (line) => logs.push(line),
  });
  engines.push(engine);
  return { engine, logs };
}

describe.skipIf(hasGpu)("on a machine without a GPU", () => {
  it("auto runs on the CPU and says so", async () => {
    const { engine, logs } = await load("auto");
    expect(engine.device).toEqual({ backend: "cpu", names: [], gpuLayers: 0 });
    expect(logs.some((line) => line.includes("on the CPU"))).toBe(true);
    const reply = await engine.generate({
      messages: [{ role: "user", text: "Hi" }],
      cacheOwner: "",
      maxTokens: 4,
      sampling: { temperature: 0 },
      stopSequences: [],
    });
    expect(reply.usage.completionTokens).toBeGreaterThan(0);
  });

  it("a GPU that cannot run here falls back to the CPU with the reason, never a crash", async () => {
    const { engine, logs } = await load("cuda");
    expect(engine.device.backend).toBe("cpu");
    expect(engine.device.fallbackReason).toMatch(/^the cuda build could not load/);
    expect(logs.some((line) => line.startsWith("running on the CPU: the cuda build"))).toBe(true);
  });
});
