import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { resolveModelFile } from "@/lib/models/llama-cpp/resolve-model-file";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * The team's shared folder sits beside the checkout — or, for a local clone made elsewhere
 * (`git clone . /tmp/fresh`), beside the repository it was cloned from.
 */
const sharedModelFolders = [repoRoot, clonedFrom()]
  .filter((root): root is string => root !== undefined)
  .map((root) => resolve(root, "../shared/models"));
const cacheDir = resolve(repoRoot, ".cache/test-models");

/** stories260K's public source, used where the shared folder is absent. */
const STORIES_URI = "hf:ggml-org/models/tinyllamas/stories260K.gguf";

export type TestModelName = "stories260K.gguf" | "stories260K-chatml.gguf";

/**
 * stories260K with a real instruct model's Jinja chat template in its metadata (written by
 * tests/support/with-chat-template.mjs from tests/support/templates/): `qwen2.5-tools` declares
 * tools and `<tool_call>` blocks as Qwen2.5-Instruct's does; `qwen3-thinking` also opens a
 * `<think>` block at the start of each reply and takes `enable_thinking`, as Qwen3's does.
 */
export type TemplatedModelName = "qwen2.5-tools" | "qwen3-thinking";

export async function templatedModelPath(template: TemplatedModelName): Promise<string> {
  const path = resolve(cacheDir, `stories260K-${template}.gguf`);
  if (!existsSync(path)) {
    await mkdir(cacheDir, { recursive: true });
    const tool = resolve(repoRoot, "tests/support/with-chat-template.mjs");
    const jinja = resolve(repoRoot, `tests/support/templates/${template}.jinja`);
    const stories = await testModelPath("stories260K.gguf");
    await promisify(execFile)(process.execPath, [tool, stories, path, jinja]);
  }
  return path;
}

/**
 * A realistic-size model (SmolLM2-135M shape, random weights: its text is noise), slow enough
 * on this machine (~90 tokens/s on one thread) to watch a reply grow. Made on first use by
 * tests/support/make-bench-model.mjs, a copy of ../shared/tools/make-bench-model.mjs (~6 s).
 */
export async function benchModelPath(): Promise<string> {
  const path = resolve(cacheDir, "bench-135m.gguf");
  if (!existsSync(path)) {
    await mkdir(cacheDir, { recursive: true });
    const tool = resolve(repoRoot, "tests/support/make-bench-model.mjs");
    const tokenizer = await testModelPath("stories260K.gguf");
    await promisify(execFile)(process.execPath, [tool, path, "--tokenizer", tokenizer]);
  }
  return path;
}

/**
 * A real tiny model for tests: from ../shared/models when it is there, otherwise downloaded
 * (stories260K) or derived from the download with tests/support/with-chat-template.mjs (the ChatML
 * variant, made exactly as the shared one was).
 */
export async function testModelPath(name: TestModelName): Promise<string> {
  const shared = sharedModelFolders.map((folder) => resolve(folder, name)).find(existsSync);
  if (shared) return shared;

  await mkdir(cacheDir, { recursive: true });
  const stories = await resolveModelFile(STORIES_URI, { directory: cacheDir });
  if (name === "stories260K.gguf") return stories;

  const chatml = resolve(cacheDir, name);
  if (!existsSync(chatml)) {
    const tool = resolve(repoRoot, "tests/support/with-chat-template.mjs");
    await promisify(execFile)(process.execPath, [tool, stories, chatml, "chatml"]);
  }
  return chatml;
}

/** The folder of the repository this checkout was cloned from, when that is a local path. */
function clonedFrom(): string | undefined {
  try {
    const origin = execFileSync("git", ["-C", repoRoot, "config", "--get", "remote.origin.url"], {
      encoding: "utf8",
    }).trim();
    const path = origin.startsWith("file://") ? fileURLToPath(origin) : origin;
    return isAbsolute(path) && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
