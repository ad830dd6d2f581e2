import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { testModelPath } from "@/tests/support/test-models";

/**
 * A server whose model is remote never loads node-llama-cpp (its JavaScript and its native
 * builds are heavy, and a CPU-only or remote-only deployment may strip them): importing the model
 * layer and asking for a remote model resolves nothing of it; a local model loads it on first use.
 * In a process of its own, so that this test file's imports do not count.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const probe = (spec: string, { call = false } = {}) => `
  import { registerHooks } from "node:module";
  const seen = new Set();
  registerHooks({
    resolve(specifier, context, next) {
      if (specifier === "node-llama-cpp" || specifier.startsWith("@node-llama-cpp/")) seen.add(specifier);
      return next(specifier, context);
    },
  });
  const { createChatModel } = await import("./lib/models/chat-model.ts");
  const { parseModelSpec } = await import("./lib/models/model-spec.ts");
  const { parseEnv } = await import("./lib/env.ts");
  const model = createChatModel(parseModelSpec(${JSON.stringify(spec)}), parseEnv({ LLAMA_THREADS: "1" }));
  if (${call}) {
    await model
      .doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] })
      .catch(() => {});
  }
  console.log(JSON.stringify([...seen]));
`;

async function resolvedFor(spec: string, options?: { call?: boolean }): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      probe(spec, options),
    ],
    { cwd: root },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]");
}

test("a remote model loads nothing of node-llama-cpp; the local provider loads it on first use", async () => {
  expect(await resolvedFor("openai-compatible:http://127.0.0.1:9/v1#remote")).toEqual([]);
  // Creating a local model is cheap too: node-llama-cpp loads with the model's first request.
  expect(await resolvedFor("local:/nonexistent/model.gguf")).toEqual([]);
  const local = `local:${await testModelPath("stories260K.gguf")}`;
  expect(await resolvedFor(local, { call: true })).toContain("node-llama-cpp");
}, 60_000);
