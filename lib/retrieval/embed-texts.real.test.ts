/**
 * Embedding through the real local provider over stories260K (its vectors mean little: these
 * tests check the plumbing — order, identical text → identical vector, length 1, long passages).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createLlamaCpp, type LlamaCppProvider } from "@/lib/models/llama-cpp";
import { testModelPath } from "@/tests/support/test-models";
import { embedQuestion, embedTexts } from "./embed-texts";
import { dot } from "./vector-bytes";

let provider: LlamaCppProvider;
let modelPath: string;

beforeAll(async () => {
  modelPath = await testModelPath("stories260K.gguf");
  // A 64-token context, so that a passage too long for it is cheap to make.
  provider = createLlamaCpp({ threads: 1, embeddingContextSize: 64 });
});
afterAll(() => provider?.dispose());

test("passages come back in order, normalised; identical text gives the identical vector", async () => {
  const model = provider.embeddingModel(modelPath);
  const [a, b, again] = await embedTexts(
    model,
    ["Lily went to the park.", "Mom made soup.", "Lily went to the park."],
    "document",
  );
  expect(a && b && again).toBeTruthy();
  expect(dot(a as Float32Array, a as Float32Array)).toBeCloseTo(1, 5);
  expect(again).toEqual(a);
  expect(dot(a as Float32Array, b as Float32Array)).toBeLessThan(0.9999);
  const question = await embedQuestion(model, "Mom made soup.");
  expect(question.length).toBe(a?.length);
});

test("a passage longer than the model reads is embedded by its beginning, not refused", async () => {
  const model = provider.embeddingModel(modelPath);
  const long = "Tom and Lily played with the red ball in the garden all day long. ".repeat(20);
  const [vector, short] = await embedTexts(model, [long, "Mom made soup."], "document");
  expect(vector?.length).toBe(short?.length);
  expect(dot(vector as Float32Array, vector as Float32Array)).toBeCloseTo(1, 5);
});
