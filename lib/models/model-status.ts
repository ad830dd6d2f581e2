import type { LlamaCppDevice, LlamaCppLoadProgress } from "./llama-cpp";

/** What the page shows while the first request waits for a local model to arrive. */
export type ModelStatus =
  | { state: "idle" }
  | { state: "downloading"; downloadedBytes: number; totalBytes: number }
  | { state: "loading"; fraction: number }
  /** `device`: what a local model runs on (CPU or which GPU, layers offloaded, memory). */
  | { state: "ready"; device?: LlamaCppDevice }
  /** The last load failed; the next request tries again. */
  | { state: "failed"; message: string };

// On globalThis: Next.js may load this module once per bundle (page, action, route), and they
// must all see the one model's status.
const key = Symbol.for("chat-completion.model-status");
const store = globalThis as { [key]?: ModelStatus };

export function modelStatus(): ModelStatus {
  return store[key] ?? { state: "idle" };
}

export function recordLoadProgress(progress: LlamaCppLoadProgress): void {
  store[key] =
    progress.phase === "download"
      ? {
          state: "downloading",
          downloadedBytes: progress.downloadedBytes,
          totalBytes: progress.totalBytes,
        }
      : progress.phase === "load"
        ? { state: "loading", fraction: progress.fraction }
        : { state: "ready", device: progress.device };
}

/** A model that needs no loading (a remote one) is ready at once. */
export function recordReady(): void {
  store[key] = { state: "ready" };
}

/**
 * The reason (a file path, a download URL) is the server log's: /health is public, so it says
 * only that the load failed. The caller logs the error.
 */
export function recordLoadFailure(): void {
  store[key] = {
    state: "failed",
    message: "The model could not be loaded: the server's log says why.",
  };
}

/**
 * One console line per 5% step, so a server log shows a download moving without flooding.
 * `label` tags the lines (`[model]`, `[embedding model]`).
 */
export function createProgressLogger(write: (line: string) => void = console.log, label = "model") {
  let lastStep = -1;
  let lastPhase = "";
  return (modelId: string, progress: LlamaCppLoadProgress) => {
    const name = modelId.split("/").pop();
    if (progress.phase === "ready") {
      const { device } = progress;
      const where =
        device.backend === "cpu"
          ? `on the CPU${device.fallbackReason ? ` (${device.fallbackReason})` : ""}`
          : `on ${device.backend} (${device.names.join(", ")}), ${device.gpuLayers} layers offloaded`;
      write(`[${label}] ${name} ready, ${where}`);
      return;
    }
    const fraction =
      progress.phase === "download"
        ? progress.downloadedBytes / Math.max(1, progress.totalBytes)
        : progress.fraction;
    const step = Math.floor(fraction * 20);
    if (progress.phase === lastPhase && step === lastStep) return;
    lastPhase = progress.phase;
    lastStep = step;
    const bar = `[${"#".repeat(step)}${".".repeat(20 - step)}] ${Math.floor(fraction * 100)}%`;
    const size =
      progress.phase === "download"
        ? ` ${mb(progress.downloadedBytes)} / ${mb(progress.totalBytes)} MB`
        : "";
    write(
      `[${label}] ${progress.phase === "download" ? "downloading" : "loading"} ${name} ${bar}${size}`,
    );
  };
}

function mb(bytes: number): string {
  return (bytes / 1_000_000).toFixed(0);
}
