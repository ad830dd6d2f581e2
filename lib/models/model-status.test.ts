import { expect, test } from "vitest";
import {
  createProgressLogger,
  modelStatus,
  recordLoadFailure,
  recordLoadProgress,
} from "./model-status";

test("the status follows download, load and ready", () => {
  recordLoadProgress({ phase: "download", downloadedBytes: 50, totalBytes: 200 });
  expect(modelStatus()).toEqual({ state: "downloading", downloadedBytes: 50, totalBytes: 200 });
  recordLoadProgress({ phase: "load", fraction: 0.5 });
  expect(modelStatus()).toEqual({ state: "loading", fraction: 0.5 });
  recordLoadProgress({ phase: "ready" });
  expect(modelStatus()).toEqual({ state: "ready" });
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
  log("hf:user/repo/model.gguf", { phase: "ready" });
  expect(lines).toHaveLength(22);
  expect(lines[10]).toBe("[model] downloading model.gguf [##########..........] 50% 200 / 400 MB");
  expect(lines[21]).toBe("[model] model.gguf ready");
});

test("a failed load is reported with its reason, and a later load clears it", () => {
  recordLoadFailure(new Error("Model file not found: /x.gguf"));
  expect(modelStatus()).toEqual({ state: "failed", message: "Model file not found: /x.gguf" });
  recordLoadProgress({ phase: "ready" });
  expect(modelStatus()).toEqual({ state: "ready" });
});
