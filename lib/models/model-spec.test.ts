import { describe, expect, test } from "vitest";
import { ModelConfigError } from "./model-config-error";
import {
  DEFAULT_LOCAL_EMBEDDING_MODEL,
  DEFAULT_LOCAL_MODEL,
  EMBEDDING_MODEL_SETTING,
  modelDisplayName,
  parseModelSpec,
} from "./model-spec";

describe("parseModelSpec", () => {
  test("unset or blank means the default local model", () => {
    expect(parseModelSpec(undefined)).toEqual({ provider: "local", model: DEFAULT_LOCAL_MODEL });
    expect(parseModelSpec("  ")).toEqual({ provider: "local", model: DEFAULT_LOCAL_MODEL });
    expect(DEFAULT_LOCAL_MODEL).toMatch(/^hf:[^/]+\/[^/]+\/.+\.gguf$/);
  });

  test("CHAT_EMBEDDING_MODEL takes the same forms, with its own default and its own name in messages", () => {
    expect(parseModelSpec(undefined, EMBEDDING_MODEL_SETTING)).toEqual({
      provider: "local",
      model: DEFAULT_LOCAL_EMBEDDING_MODEL,
    });
    expect(DEFAULT_LOCAL_EMBEDDING_MODEL).toMatch(/^hf:[^/]+\/[^/]+\/.+\.gguf$/);
    expect(parseModelSpec("openai:text-embedding-3-small", EMBEDDING_MODEL_SETTING)).toEqual({
      provider: "openai",
      model: "text-embedding-3-small",
    });
    expect(() => parseModelSpec("nomic", EMBEDDING_MODEL_SETTING)).toThrow(
      'CHAT_EMBEDDING_MODEL="nomic" is not valid (unknown provider prefix)',
    );
  });

  test("local: a path, or an hf: URI", () => {
    expect(parseModelSpec("local:../shared/models/stories260K.gguf")).toEqual({
      provider: "local",
      model: "../shared/models/stories260K.gguf",
    });
    expect(parseModelSpec("local:hf:user/repo/model.Q4.gguf")).toEqual({
      provider: "local",
      model: "hf:user/repo/model.Q4.gguf",
    });
  });

  test("openai:<model>", () => {
    expect(parseModelSpec("openai:gpt-4o-mini")).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
    });
  });

  test("openai-compatible:<baseURL>#<model>", () => {
    expect(parseModelSpec("openai-compatible:http://localhost:11434/v1#llama3.2:1b")).toEqual({
      provider: "openai-compatible",
      baseURL: "http://localhost:11434/v1",
      model: "llama3.2:1b",
    });
  });

  test.each([
    ["gpt-4o", "unknown provider prefix"],
    ["anthropic:claude", "unknown provider prefix"],
    ["local:", "local: needs a GGUF path"],
    ["openai:", "openai: needs a model name"],
    ["openai-compatible:http://localhost:8080/v1", "needs a base URL and a model"],
    ["openai-compatible:localhost#model", "needs a base URL and a model"],
  ])("%s is refused with a message that says how to write it", (value, why) => {
    expect(() => parseModelSpec(value)).toThrow(ModelConfigError);
    expect(() => parseModelSpec(value)).toThrow(why);
    expect(() => parseModelSpec(value)).toThrow(`CHAT_MODEL=${JSON.stringify(value)}`);
    expect(() => parseModelSpec(value)).toThrow("openai-compatible:<baseURL>#<model>");
  });
});

test("modelDisplayName shows a local model's file name", () => {
  expect(modelDisplayName(parseModelSpec("local:/a/b/stories260K.gguf"))).toBe("stories260K.gguf");
  expect(modelDisplayName(parseModelSpec("openai:gpt-4o-mini"))).toBe("gpt-4o-mini");
});
