/**
 * Both engines load their GGUF through load-model-file.ts, over the real binding: stories260K
 * loads, and a file that is not a GGUF is refused by each engine with its own
 * `model-load-failed` error, naming the file and keeping the cause.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { LlamaCppError } from "../llama-cpp-error";
import { loadModelFile } from "./load-model-file";
import { loadNodeLlamaCppEmbeddingEngine } from "./node-llama-cpp-embedding-engine";
import { loadNodeLlamaCppEngine } from "./node-llama-cpp-engine";
import { sharedLlama } from "./shared-llama";

let dir: string;
let notGguf: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "load-model-file-"));
  notGguf = join(dir, "notes.gguf");
  writeFileSync(notGguf, "These are notes, not a model.\n".repeat(100));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loading a model file", () => {
  it("loads stories260K", async () => {
    const { llama } = await sharedLlama("auto");
    const model = await loadModelFile(
      llama,
      { modelPath: await testModelPath("stories260K.gguf") },
      () => new Error("not expected"),
    );
    try {
      expect(model.trainContextSize).toBeGreaterThan(0);
      expect(model.tokenize("Once upon a time").length).toBeGreaterThan(0);
    } finally {
      await model.dispose();
    }
  });

  it("the chat engine refuses a file that is not a GGUF with model-load-failed", async () => {
    const error = await loadNodeLlamaCppEngine({
      modelPath: notGguf,
      threads: 1,
      sequences: 1,
      fallbackChatWrapper: "general",
    }).catch((error: unknown) => error);
    expect(error).toBeInstanceOf(LlamaCppError);
    expect(error).toMatchObject({ code: "model-load-failed" });
    expect((error as Error).message).toMatch(`Could not load the model ${notGguf}: `);
    expect((error as Error).cause).toBeDefined();
  });

  it("the embedding engine refuses it with model-load-failed, saying it is the embedding model", async () => {
    const error = await loadNodeLlamaCppEmbeddingEngine({ modelPath: notGguf, threads: 1 }).catch(
      (error: unknown) => error,
    );
    expect(error).toBeInstanceOf(LlamaCppError);
    expect(error).toMatchObject({ code: "model-load-failed" });
    expect((error as Error).message).toMatch(`Could not load the embedding model ${notGguf}: `);
    expect((error as Error).cause).toBeDefined();
  });
});
