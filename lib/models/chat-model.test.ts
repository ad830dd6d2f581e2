import { describe, expect, test } from "vitest";
import { parseEnv } from "@/lib/env";
import { testModelPath } from "@/tests/support/test-models";
import { createChatModel, defaultReasoningOf, warmUp } from "./chat-model";
import { LlamaCppChatLanguageModel } from "./llama-cpp";
import { ModelConfigError } from "./model-config-error";
import { parseModelSpec } from "./model-spec";
import { modelStatus } from "./model-status";

const create = (chatModel: string | undefined, env: Record<string, string> = {}) =>
  createChatModel(parseModelSpec(chatModel), parseEnv(env));

describe("createChatModel", () => {
  test("unset: our local provider with the default downloadable model, not yet loaded", () => {
    const model = create(undefined);
    expect(model).toBeInstanceOf(LlamaCppChatLanguageModel);
    expect(model.provider).toBe("llama-cpp.chat");
    expect(model.modelId).toMatch(/^hf:.+\.gguf$/);
  });

  test("local:<path> runs that file", () => {
    const model = create("local:./some/model.gguf");
    expect(model).toBeInstanceOf(LlamaCppChatLanguageModel);
    expect(model.modelId).toBe("./some/model.gguf");
  });

  test("openai:<model> needs OPENAI_API_KEY", () => {
    expect(() => create("openai:gpt-4o-mini")).toThrow(ModelConfigError);
    expect(() => create("openai:gpt-4o-mini")).toThrow("OPENAI_API_KEY is not set");
    const model = create("openai:gpt-4o-mini", { OPENAI_API_KEY: "sk-test" });
    expect(model.provider).toMatch(/^openai\./);
    expect(model.modelId).toBe("gpt-4o-mini");
  });

  test("openai-compatible:<baseURL>#<model> talks to that server", () => {
    const model = create("openai-compatible:http://localhost:11434/v1#llama3.2");
    expect(model.provider).toBe("openai-compatible.chat");
    expect(model.modelId).toBe("llama3.2");
  });

  test("an unknown fallback chat format is refused by name when the local model loads", async () => {
    const model = create(`local:${await testModelPath("stories260K.gguf")}`, {
      LLAMA_FALLBACK_CHAT_WRAPPER: "nonsense",
    });
    await expect(
      model.doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] }),
    ).rejects.toThrow('LLAMA_FALLBACK_CHAT_WRAPPER="nonsense"');
  });
});

test("LLAMA_THINKING: on is the model's default, off turns thinking off, a number caps it", () => {
  expect(defaultReasoningOf(parseEnv({}).LLAMA_THINKING)).toBeUndefined();
  expect(defaultReasoningOf(parseEnv({ LLAMA_THINKING: "off" }).LLAMA_THINKING)).toEqual({
    mode: "off",
  });
  expect(defaultReasoningOf(parseEnv({ LLAMA_THINKING: "200" }).LLAMA_THINKING)).toEqual({
    mode: "budget",
    tokens: 200,
  });
  expect(() => parseEnv({ LLAMA_THINKING: "lots" })).toThrow("LLAMA_THINKING");
});

test("a local model that will not load: /health says so, and not where the file was looked for", async () => {
  const spec = parseModelSpec("local:/srv/private-models/missing.gguf");
  const model = createChatModel(spec, parseEnv({ LLAMA_THREADS: "1" }));
  await expect(warmUp({ spec, name: "missing.gguf", model })).rejects.toThrow(
    "/srv/private-models/missing.gguf",
  );
  expect(modelStatus()).toEqual({
    state: "failed",
    message: "The model could not be loaded: the server's log says why.",
  });
});
