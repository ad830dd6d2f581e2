import { expect, test } from "vitest";
import { parseEnv } from "./env";

test("defaults apply when nothing is set", () => {
  const env = parseEnv({});
  expect(env.CHAT_MODEL).toBeUndefined();
  expect(env.CHAT_SYSTEM_PROMPT).toBe("You are a friendly assistant!");
  expect(env.CHAT_MAX_MESSAGES).toBe(200);
  expect(env.CHAT_MAX_BODY_BYTES).toBe(8 * 1024 * 1024);
  expect(env.CHAT_MAX_OUTPUT_TOKENS).toBe(1024);
  expect(env.CHAT_API_MAX_OUTPUT_TOKENS).toBe(8192);
  expect(env.CHAT_API_MAX_TOOLS).toBe(128);
  expect(env.CHAT_API_MAX_TOOL_SCHEMA_BYTES).toBe(64 * 1024);
  expect(env.CHAT_API_MAX_TOOLS_BYTES).toBe(256 * 1024);
  expect(env.CHAT_IDLE_TIMEOUT_MS).toBe(60_000);
  expect(env.CHAT_TOTAL_TIMEOUT_MS).toBe(15 * 60_000);
  expect(env.LLAMA_THREADS).toBeUndefined();
  expect(env.LLAMA_SEQUENCES).toBe(4);
  expect(env.LLAMA_MODELS_DIR).toBe("./models");
});

test("numbers are read from strings, and a bad one is refused by name", () => {
  expect(parseEnv({ CHAT_MAX_MESSAGES: "12", LLAMA_THREADS: "1" })).toMatchObject({
    CHAT_MAX_MESSAGES: 12,
    LLAMA_THREADS: 1,
  });
  expect(() => parseEnv({ CHAT_MAX_MESSAGES: "many" })).toThrow("CHAT_MAX_MESSAGES");
  expect(() => parseEnv({ LLAMA_THREADS: "0" })).toThrow("LLAMA_THREADS");
});

test("LLAMA_GPU takes auto, cpu, cuda, vulkan or metal; anything else is refused by name", () => {
  expect(parseEnv({}).LLAMA_GPU).toBe("auto");
  expect(parseEnv({ LLAMA_GPU: "vulkan", LLAMA_GPU_LAYERS: "20" })).toMatchObject({
    LLAMA_GPU: "vulkan",
    LLAMA_GPU_LAYERS: 20,
  });
  expect(() => parseEnv({ LLAMA_GPU: "rocm" })).toThrow("LLAMA_GPU");
  expect(() => parseEnv({ LLAMA_GPU_LAYERS: "some" })).toThrow("LLAMA_GPU_LAYERS");
});

test("where the server listens and the names it answers to", () => {
  expect(parseEnv({})).toMatchObject({ HOST: "127.0.0.1", PORT: 3000, CHAT_ALLOWED_HOSTS: [] });
  expect(
    parseEnv({
      HOST: "0.0.0.0",
      PORT: "8080",
      CHAT_ALLOWED_HOSTS: "chat.example.com, 10.0.0.2:8080",
    }),
  ).toMatchObject({
    HOST: "0.0.0.0",
    PORT: 8080,
    CHAT_ALLOWED_HOSTS: ["chat.example.com", "10.0.0.2:8080"],
  });
  expect(() => parseEnv({ CHAT_ALLOWED_HOSTS: "https://chat.example.com/" })).toThrow(
    "CHAT_ALLOWED_HOSTS",
  );
});

test("a session secret under 32 characters, and a body limit over the proxy's 10 MB, are refused", () => {
  expect(() => parseEnv({ CHAT_SESSION_SECRET: "sixteen-chars-ok" })).toThrow(
    "CHAT_SESSION_SECRET",
  );
  expect(() => parseEnv({ CHAT_MAX_BODY_BYTES: String(11 * 1024 * 1024) })).toThrow(
    "CHAT_MAX_BODY_BYTES",
  );
});

test("CHAT_EMBEDDING_MODEL is unset by default (the default local embedding model); its context size and threads are positive counts", () => {
  expect(parseEnv({}).CHAT_EMBEDDING_MODEL).toBeUndefined();
  expect(parseEnv({}).CHAT_EMBEDDING_CONTEXT_SIZE).toBeUndefined();
  expect(
    parseEnv({ CHAT_EMBEDDING_MODEL: " local:x.gguf ", CHAT_EMBEDDING_CONTEXT_SIZE: "512" }),
  ).toMatchObject({ CHAT_EMBEDDING_MODEL: "local:x.gguf", CHAT_EMBEDDING_CONTEXT_SIZE: 512 });
  expect(() => parseEnv({ CHAT_EMBEDDING_CONTEXT_SIZE: "0" })).toThrow(
    "CHAT_EMBEDDING_CONTEXT_SIZE",
  );
  expect(parseEnv({}).CHAT_EMBEDDING_THREADS).toBeUndefined();
  expect(parseEnv({ CHAT_EMBEDDING_THREADS: "1" }).CHAT_EMBEDDING_THREADS).toBe(1);
  expect(() => parseEnv({ CHAT_EMBEDDING_THREADS: "none" })).toThrow("CHAT_EMBEDDING_THREADS");
});
