import { execFile } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Shared tools and models live beside the repository, not in it. */
export const SHARED_DIR = resolve(REPO_ROOT, "..", "shared");
export const CACHE_DIR = join(REPO_ROOT, ".cache", "bench");

const MAKE_MODEL_SCRIPT = join(SHARED_DIR, "tools", "make-bench-model.mjs");
const MODEL_PATH = join(CACHE_DIR, "bench-135m.gguf");
/** make-bench-model.mjs is deterministic: its default model is always this many bytes. */
const MODEL_BYTES = 113_285_408;

export class MissingSharedToolsError extends Error {
  constructor() {
    super(
      `${MAKE_MODEL_SCRIPT} not found. The benchmark generates its model with the shared tools ` +
        `in ${SHARED_DIR} (a sibling of this repository); check them out there and run again.`,
    );
    this.name = "MissingSharedToolsError";
  }
}

/**
 * The SmolLM2-135M-shaped model with random weights (its text is noise), generated into the
 * git-ignored cache on first use (~6 s) and reused afterwards.
 */
export async function ensureBenchModel(): Promise<{ path: string; generatedMs?: number }> {
  if (!existsSync(MAKE_MODEL_SCRIPT)) throw new MissingSharedToolsError();
  if (existsSync(MODEL_PATH) && statSync(MODEL_PATH).size === MODEL_BYTES) {
    return { path: MODEL_PATH };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const start = performance.now();
  // The script writes a temporary file and renames it, so an interrupted run leaves no half model.
  await promisify(execFile)(process.execPath, [MAKE_MODEL_SCRIPT, MODEL_PATH]);
  return { path: MODEL_PATH, generatedMs: performance.now() - start };
}
