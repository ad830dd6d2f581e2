import { describe, expect, test } from "vitest";
import { parseEnv } from "@/lib/env";
import { createEmbeddingModel } from "./embedding-model";
import { LlamaCppEmbeddingModel } from "./llama-cpp";
import { ModelConfigError } from "./model-config-error";
import { EMBEDDING_MODEL_SETTING, parseModelSpec } from "./model-spec";

const create = (setting: string | undefined, env: Record<string, string> = {}) =>
  createEmbeddingModel(parseModelSpec(setting, EMBEDDING_MODEL_SETTING), parseEnv(env));

describe("createEmbeddingModel", () => {
  test("unset: our local provider with the default downloadable embedding model, not yet loaded", () => {
    const model = create(undefined);
    expect(model).toBeInstanceOf(LlamaCppEmbeddingModel);
    expect(model.provider).toBe("llama-cpp.embedding");
    expect(model.modelId).toMatch(/^hf:nomic-ai\/.+\.gguf$/);
  });

  test("local:<path> embeds with that file", () => {
    const model = create("local:./some/embed.gguf");
    expect(model).toBeInstanceOf(LlamaCppEmbeddingModel);
    expect(model.modelId).toBe("./some/embed.gguf");
  });

  test("openai:<model> needs OPENAI_API_KEY and is the OpenAI provider's embedding model", () => {
    expect(() => create("openai:text-embedding-3-small")).toThrow(ModelConfigError);
    expect(() => create("openai:text-embedding-3-small")).toThrow(
      "CHAT_EMBEDDING_MODEL uses OpenAI (text-embedding-3-small) but OPENAI_API_KEY is not set.",
    );
    const model = create("openai:text-embedding-3-small", { OPENAI_API_KEY: "sk-test" });
    expect(model.provider).toBe("openai.embedding");
    expect(model.modelId).toBe("text-embedding-3-small");
  });

  test("openai-compatible:<baseURL>#<model> is the openai-compatible provider's embedding model", () => {
    const model = create("openai-compatible:http://localhost:11434/v1#nomic-embed-text");
    expect(model.provider).toBe("openai-compatible.embedding");
    expect(model.modelId).toBe("nomic-embed-text");
  });
});
