import { expect, test } from "vitest";
import type { LlamaCppDevice } from "./llama-cpp";
import {
  createProgressLogger,
  modelStatus,
  recordLoadFailure,
  recordLoadProgress,
  recordReady,
} from "./model-status";

const CPU: LlamaCppDevice = { backend: "cpu", names: [], gpuLayers: 0 };

test("the status follows download, load and ready", () => {
  recordLoadProgress({ phase: "download", downloadedBytes: 50, totalBytes: 200 });
  expect(modelStatus()).toEqual({ state: "downloading", downloadedBytes: 50, totalBytes: 200 });
  recordLoadProgress({ phase: "load", fraction: 0.5 });
  expect(modelStatus()).toEqual({ state: "loading", fraction: 0.5 });
  recordLoadProgress({ phase: "ready", device: CPU });
  expect(modelStatus()).toEqual({ state: "ready", device: CPU });
});

test("the progress lines of the embedding model say so", () => {
  const lines: string[] = [];
  const log = createProgressLogger((line) => lines.push(line), "embedding model");
  log("hf:user/repo/embed.gguf", { phase: "load", fraction: 1 });
  log("hf:user/repo/embed.gguf", { phase: "ready", device: CPU });
  expect(lines).toEqual([
    "[embedding model] loading embed.gguf [####################] 100%",
    "[embedding model] embed.gguf ready, on the CPU",
  ]);
});

test("the console progress bar prints once per 5% step", () => {
  const lines: string[] = [];
  const log = createProgressLogger((line) => lines.push(line));
  for (let bytes = 0; bytes <= 400_000_000; bytes += 4_000_000) {
    log("hf:user/repo/model.gguf", {
      phase: "download",
      downloadedBytes: bytes,
      totalBytes: 400_000_000,
    });
  }
  log("hf:user/repo/model.gguf", { phase: "ready", device: CPU });
  expect(lines).toHaveLength(22);
  expect(lines[10]).toBe("[model] downloading model.gguf [##########..........] 50% 200 / 400 MB");
  expect(lines[21]).toBe("[model] model.gguf ready, on the CPU");
  log("hf:user/repo/model.gguf", {
    phase: "ready",
    device: {
      backend: "cpu",
      names: [],
      gpuLayers: 0,
      fallbackReason: "the cuda build could not load (no CUDA)",
    },
  });
  expect(lines.at(-1)).toBe(
    "[model] model.gguf ready, on the CPU (the cuda build could not load (no CUDA))",
  );
});

test("a failed load is reported without its reason (public /health), and a later load clears it", () => {
  recordLoadFailure();
  expect(modelStatus()).toEqual({
    state: "failed",
    message: "The model could not be loaded: the server's log says why.",
  });
  recordReady();
  expect(modelStatus()).toEqual({ state: "ready" });
});
