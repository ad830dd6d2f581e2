import { afterAll, beforeAll } from "vitest";
import {
  createLlamaCpp,
  type LlamaCppProvider,
  type LlamaCppProviderSettings,
} from "@/lib/models/llama-cpp";
import { testModelPath } from "./test-models";

/**
 * The real local provider for this test file: stories260K's path, found before the tests, and
 * every provider the tests make, disposed after them (each holds its loaded model, contexts and
 * threads until then, and the machine has two cores).
 */
export function llamaCppForFile() {
  let modelPath: string | undefined;
  const providers: LlamaCppProvider[] = [];
  beforeAll(async () => {
    modelPath = await testModelPath("stories260K.gguf");
  });
  afterAll(async () => {
    await Promise.all(providers.map((provider) => provider.dispose()));
  });
  return {
    /** stories260K's path, read in tests. */
    modelPath(): string {
      if (!modelPath) throw new Error("the model's path is found in beforeAll");
      return modelPath;
    },
    /** A provider disposed after the file's tests. */
    newProvider(settings: LlamaCppProviderSettings): LlamaCppProvider {
      const provider = createLlamaCpp(settings);
      providers.push(provider);
      return provider;
    },
  };
}
