/**
 * The thread plan on a real model (stories260K): measured at the first load and kept, reused at
 * the next load without measuring again (unless asked).
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { loadNodeLlamaCppEngine } from "./node-llama-cpp-engine";

async function load(file: string, remeasure = false) {
  const logs: string[] = [];
  const engine = await loadNodeLlamaCppEngine({
    modelPath: await testModelPath("stories260K.gguf"),
    sequences: 1,
    contextSize: 256,
    fallbackChatWrapper: "general",
    gpu: "cpu",
    // Kept whatever the machine's load: this test is about keeping, not about when not to.
    threadPlan: { file, remeasure, busyLoadPerCore: Number.POSITIVE_INFINITY },
    log: (line) => logs.push(line),
  });
  await engine.dispose();
  return logs.filter((line) => line.startsWith("threads"));
}

it("measures once, keeps the plan per model and machine, and reuses it at the next load", async () => {
  const file = join(await mkdtemp(join(tmpdir(), "plans-")), "thread-plans.json");
  const first = await load(file);
  expect(first[0]).toMatch(/^threads measured \(no plan yet for this model file on this machine\)/);
  const kept = Object.values(JSON.parse(await readFile(file, "utf8")));
  expect(kept).toHaveLength(1);
  const second = await load(file);
  // Unless a quick check found it clearly off on a quiet machine (then it is measured again).
  expect(second[0]).toMatch(/^threads: .*, the plan kept in .*, measured 20|clearly off/);
  const again = await load(file, true);
  expect(again[0]).toMatch(/^threads measured \(asked to \(LLAMA_THREAD_PLAN=measure\)\)/);
});
