/**
 * Records a remote model's stream parts, as the AI SDK's openai-compatible provider turns an
 * OpenAI-compatible server's stream into them (thinking, text, two tool calls), into
 * lib/anthropic-api/__fixtures__/*.chunks.txt, one JSON part a line, for the replay tests of
 * to-content-events.ts. The server is the scripted one the tests use; the local provider's
 * recordings are tests/openai-api/record-stream-fixtures.ts's.
 *
 *   npx tsx tests/anthropic-api/record-stream-fixtures.ts
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { startScriptedOpenAIServer } from "../support/scripted-openai-server";

const upstream = await startScriptedOpenAIServer();
try {
  upstream.enqueue({
    reasoning: ["The user ", "wants two ", "things."],
    reply: ["Let me ", "check."],
    toolCalls: [
      { name: "add", arguments: '{"a":1,"b":2}' },
      { name: "weather", arguments: '{"city":"Oslo"}' },
    ],
  });
  const model = createOpenAICompatible({ name: "remote", baseURL: upstream.baseURL }).chatModel(
    "scripted",
  );
  const schema = (properties: Record<string, unknown>) => ({ type: "object" as const, properties });
  const { stream } = await model.doStream({
    prompt: [{ role: "user", content: [{ type: "text", text: "Add 1 and 2, and the weather?" }] }],
    tools: [
      {
        type: "function",
        name: "add",
        inputSchema: schema({ a: { type: "number" }, b: { type: "number" } }),
      },
      { type: "function", name: "weather", inputSchema: schema({ city: { type: "string" } }) },
    ],
  });
  const lines: string[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    // Ids and times vary from run to run; the replay does not need them.
    if (read.value.type === "response-metadata") continue;
    lines.push(JSON.stringify(read.value));
  }
  const file = resolve(
    import.meta.dirname,
    "../../lib/anthropic-api/__fixtures__/openai-compatible-thinking-calls.chunks.txt",
  );
  writeFileSync(file, `${lines.join("\n")}\n`);
  console.log(`openai-compatible-thinking-calls: ${lines.length} parts`);
} finally {
  await upstream.close();
}
