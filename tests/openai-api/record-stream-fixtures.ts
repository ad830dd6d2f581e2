/**
 * Records real stream parts of the local provider (stories260K) into
 * lib/openai-api/__fixtures__/*.chunks.txt, one JSON part a line, for the replay tests of
 * to-chunk-delta.ts:
 *
 *   npx tsx tests/openai-api/record-stream-fixtures.ts
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { createLlamaCpp, type FallbackChatWrapperName } from "../../lib/models/llama-cpp";
import { templatedModelPath, testModelPath } from "../support/test-models";

const weather = {
  type: "function" as const,
  name: "weather",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};
const add = {
  type: "function" as const,
  name: "add",
  inputSchema: {
    type: "object",
    properties: { a: { type: "number" }, b: { type: "number" } },
    required: ["a", "b"],
  },
};
const ask = (text: string) => [
  { role: "user" as const, content: [{ type: "text" as const, text }] },
];

const recordings: Array<[string, string, FallbackChatWrapperName, LanguageModelV4CallOptions]> = [
  [
    "qwen-forced-call",
    await testModelPath("stories260K.gguf"),
    "qwen",
    { prompt: ask("Weather in Oslo?"), tools: [weather], toolChoice: { type: "required" } },
  ],
  [
    "llama3.1-named-call",
    await testModelPath("stories260K.gguf"),
    "llama3.1",
    {
      prompt: ask("Add 2 and 3."),
      tools: [add, weather],
      toolChoice: { type: "tool", toolName: "add" },
    },
  ],
  [
    "qwen3-thinking",
    await templatedModelPath("qwen3-thinking"),
    "general",
    { prompt: ask("Tell me a story."), providerOptions: { llamaCpp: { thinking: 12 } } },
  ],
];

for (const [name, path, fallback, options] of recordings) {
  const provider = createLlamaCpp({ threads: 1, sequences: 1, fallbackChatWrapper: fallback });
  try {
    const { stream } = await provider(path).doStream({
      temperature: 0,
      maxOutputTokens: 160,
      ...options,
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
      `../../lib/openai-api/__fixtures__/${name}.chunks.txt`,
    );
    writeFileSync(file, `${lines.join("\n")}\n`);
    console.log(`${name}: ${lines.length} parts`);
  } finally {
    await provider.dispose();
  }
}
