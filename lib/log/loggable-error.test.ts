import { inspect } from "node:util";
import { generateText } from "ai";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { logChatError, toChatError } from "@/lib/chat/error";
import { parseEnv } from "@/lib/env";
import { createChatModel } from "@/lib/models/chat-model";
import { parseModelSpec } from "@/lib/models/model-spec";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "@/tests/support/scripted-openai-server";
import { loggableError } from "./loggable-error";

let server: ScriptedOpenAIServer;

beforeAll(async () => {
  server = await startScriptedOpenAIServer();
});

afterAll(async () => {
  await server?.close();
});

const PROMPT = "my bank PIN is 4921, remind me tomorrow";

test("a failed call to a model server is logged with its status and reason, never the prompt", async () => {
  server.enqueue({ status: 500, message: "the GPU caught fire" });
  const model = createChatModel(
    parseModelSpec(`openai-compatible:${server.baseURL}#m`),
    parseEnv({}),
  );
  const failure = await generateText({
    model,
    system: "You are a very secret assistant.",
    prompt: PROMPT,
    maxRetries: 0,
  }).catch((error: unknown) => error);

  const logged: unknown[][] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args) => {
    logged.push(args);
  });
  try {
    logChatError(toChatError(failure));
  } finally {
    spy.mockRestore();
  }
  const line = logged
    .map((args) => args.map((arg) => inspect(arg, { depth: 10 })).join(" "))
    .join("\n");
  expect(line).toContain("HTTP 500");
  expect(line).toContain("the GPU caught fire");
  expect(line).toContain("messages: '[2 items, not logged]'");
  expect(line).not.toContain("4921");
  expect(line).not.toContain("very secret");
});

test("a failed query is logged without its parameters, its cause kept", () => {
  const cause = new Error("SQLITE_BUSY");
  const query = Object.assign(new Error(`Failed query: insert into messages\nparams: ${PROMPT}`), {
    query: "insert into messages",
    params: [PROMPT, 3],
    cause,
  });
  const shown = inspect(loggableError(new Error("saving failed", { cause: query })), { depth: 10 });
  expect(shown).toContain("insert into messages");
  expect(shown).toContain("SQLITE_BUSY");
  expect(shown).toContain("[2 parameters, not logged]");
  expect(shown).not.toContain("4921");
});
