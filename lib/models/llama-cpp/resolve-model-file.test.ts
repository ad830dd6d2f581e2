import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { LlamaCppError } from "./llama-cpp-error";
import { isRemoteModelUri, resolveModelFile } from "./resolve-model-file";

describe("resolveModelFile", () => {
  test("a local file resolves to its absolute path", async () => {
    const path = await testModelPath("stories260K.gguf");
    expect(await resolveModelFile(path, { directory: tmpdir() })).toBe(resolve(path));
  });

  test("a missing local file is refused with its path", async () => {
    const error = await resolveModelFile("./no/such/model.gguf", { directory: tmpdir() }).catch(
      (e: unknown) => e,
    );
    expect(LlamaCppError.isInstance(error) && error.code).toBe("model-not-found");
    expect(String(error)).toContain(resolve("./no/such/model.gguf"));
  });

  test("a download that cannot happen fails with how to set CHAT_MODEL instead", async () => {
    // Offline it stalls (the watchdog fires); online the repository does not exist.
    const directory = await mkdtemp(join(tmpdir(), "models-"));
    const error = await resolveModelFile("hf:no-such-user-4f9a/no-such-repo/none.gguf", {
      directory,
      stallTimeoutMs: 2_000,
    }).catch((e: unknown) => e);
    expect(LlamaCppError.isInstance(error) && error.code).toBe("model-download-failed");
    expect(String(error)).toContain(
      "Could not download the model hf:no-such-user-4f9a/no-such-repo/none.gguf",
    );
    expect(String(error)).toContain("set CHAT_MODEL to a GGUF file you have (CHAT_MODEL=local:");
  });
});

test("isRemoteModelUri", () => {
  expect(isRemoteModelUri("hf:a/b/c.gguf")).toBe(true);
  expect(isRemoteModelUri("https://example.com/m.gguf")).toBe(true);
  expect(isRemoteModelUri("./models/m.gguf")).toBe(false);
  expect(isRemoteModelUri("/abs/m.gguf")).toBe(false);
});
