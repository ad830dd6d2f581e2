import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseEnv } from "@/lib/env";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "@/tests/support/scripted-openai-server";
import { createChatModel } from "./chat-model";
import { ModelConfigError } from "./model-config-error";
import { parseModelSpec } from "./model-spec";

let main: ScriptedOpenAIServer;
let other: ScriptedOpenAIServer;

beforeAll(async () => {
  [main, other] = await Promise.all([startScriptedOpenAIServer(), startScriptedOpenAIServer()]);
});

afterAll(async () => {
  await Promise.all([main?.close(), other?.close()]);
});

/** One call to the model `spec` names under `env`; the Authorization header its server got. */
async function keySent(
  server: ScriptedOpenAIServer,
  env: Record<string, string>,
): Promise<string | undefined> {
  server.reset();
  const spec = parseModelSpec(`openai-compatible:${server.baseURL}#m`);
  await generateText({ model: createChatModel(spec, parseEnv(env)), prompt: "hi", maxRetries: 0 });
  return server.authorizations[0];
}

describe("keys of openai-compatible servers", () => {
  test("OPENAI_COMPATIBLE_API_KEY goes to CHAT_MODEL's server only, not to the other choices", async () => {
    const env = {
      CHAT_MODEL: `openai-compatible:${main.baseURL}#m`,
      CHAT_MODEL_CHOICES: `openai-compatible:${other.baseURL}#m`,
      OPENAI_COMPATIBLE_API_KEY: "sk-main",
    };
    expect(await keySent(main, env)).toBe("Bearer sk-main");
    expect(await keySent(other, env)).toBeUndefined();
  });

  test("OPENAI_COMPATIBLE_API_KEYS pairs each server with its own key", async () => {
    const env = {
      CHAT_MODEL: `openai-compatible:${main.baseURL}#m`,
      OPENAI_COMPATIBLE_API_KEY: "sk-main",
      OPENAI_COMPATIBLE_API_KEYS: `${other.baseURL}/=sk-other`,
    };
    expect(await keySent(main, env)).toBe("Bearer sk-main");
    expect(await keySent(other, env)).toBe("Bearer sk-other");
  });

  test("a key is never sent over plain http to another machine: the model is refused, saying why", () => {
    const spec = parseModelSpec("openai-compatible:http://10.20.30.40:8000/v1#m");
    for (const env of [
      { OPENAI_COMPATIBLE_API_KEYS: "http://10.20.30.40:8000/v1=sk-x" },
      {
        CHAT_MODEL: "openai-compatible:http://10.20.30.40:8000/v1#m",
        OPENAI_COMPATIBLE_API_KEY: "sk-x",
      },
    ]) {
      expect(() => createChatModel(spec, parseEnv(env))).toThrow(ModelConfigError);
      expect(() => createChatModel(spec, parseEnv(env))).toThrow(/plain http on another machine/);
    }
    // Without a key, or over https, it is fine.
    expect(() => createChatModel(spec, parseEnv({}))).not.toThrow();
    const https = parseModelSpec("openai-compatible:https://10.20.30.40/v1#m");
    const keyed = parseEnv({ OPENAI_COMPATIBLE_API_KEYS: "https://10.20.30.40/v1=sk-x" });
    expect(() => createChatModel(https, keyed)).not.toThrow();
  });

  test("a malformed pair is refused without repeating the key", () => {
    let said = "";
    try {
      parseEnv({ OPENAI_COMPATIBLE_API_KEYS: "sk-secret-only" });
    } catch (error) {
      said = String(error);
    }
    expect(said).toContain("each entry must be <baseURL>=<key>");
    expect(said).not.toContain("sk-secret-only");
  });
});
