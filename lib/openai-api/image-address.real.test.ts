import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { createOpenAI } from "@ai-sdk/openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "@/tests/support/scripted-openai-server";
import { createOpenAIApi } from "./create-openai-api";
import { requestLimitsFrom } from "./request-limits";

/**
 * An https image address sent to an `openai:` model goes on to OpenAI as an address, for OpenAI
 * to fetch: through the handler and the real OpenAI provider, pointed at a recording server in
 * OpenAI's place, while the address itself is a local port that counts connections — none come.
 */

let upstream: ScriptedOpenAIServer;
let hits = 0;
const decoy = createServer((socket) => {
  hits++;
  socket.destroy();
});

beforeAll(async () => {
  upstream = await startScriptedOpenAIServer();
  await new Promise<void>((resolve) => decoy.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await upstream?.close();
  await new Promise((resolve) => decoy.close(resolve));
});

it("is passed to OpenAI as an address and never fetched here", async () => {
  const url = `https://127.0.0.1:${(decoy.address() as AddressInfo).port}/cat.png`;
  const model = createOpenAI({ baseURL: upstream.baseURL, apiKey: "sk-test" })("gpt-4o");
  const handler = createOpenAIApi({
    getModel: () => ({ spec: { provider: "openai", model: "gpt-4o" }, name: "gpt-4o", model }),
    modelInputs: () => ({ images: true, pdfs: true }),
    modelStatus: () => ({ state: "ready" }),
    limits: { maxMessages: 10 },
    requestLimits: requestLimitsFrom(parseEnv({})),
    maxBodyBytes: 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
  });
  await handler(
    new Request("http://localhost/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image_url", image_url: { url, detail: "low" } },
            ],
          },
        ],
      }),
    }),
  );
  // OpenAI's Responses API received the address itself (the recording server's reply is not one
  // the provider reads; what was sent is the point).
  const sent = upstream.requests[0] as { input: Array<{ role: string; content: unknown[] }> };
  expect(sent.input.at(-1)?.content).toEqual([
    { type: "input_text", text: "What is this?" },
    { type: "input_image", image_url: url, detail: "low" },
  ]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(hits).toBe(0);
});
