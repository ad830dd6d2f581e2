/**
 * A tool round trip on the local model (issue 11): the model calls a tool, the caller sends the
 * result back, and the model answers. The turn after the result costs only its new tokens when
 * the sequence still holds the conversation and the call (prefix reuse); measured against the
 * same turn on a sequence that holds something else (cold), after ~2,000 tokens of history, on
 * the realistic-size bench model, in interleaved rounds. Target: cold / warm TTFT >= 5x.
 *
 *   npm run bench:tools        (writes .cache/bench/tool-round-trip.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { generateText, type ModelMessage, streamText, tool } from "ai";
import { z } from "zod";
import { createLlamaCpp } from "../lib/models/llama-cpp";
import { benchModelPath } from "../tests/support/test-models";
import { CACHE_DIR } from "./bench-model";
import { formatTable, median, round } from "./stats";

const ROUNDS = 5;
const HISTORY_TOKENS = 2000;
const SENTENCES = [
  "Lily and Tom went to the park with a red ball.",
  "They saw a big dog under a tall tree.",
  "The dog was sad because it lost its bone.",
  "Mom made soup and bread for lunch that day.",
];
// An enum keeps the call short: the bench model's random weights would write a free string forever.
const tools = {
  weather: tool({
    description: "The weather in a city",
    inputSchema: z.object({ city: z.enum(["Oslo", "Rome", "Lima"]) }),
  }),
};
const log = (message: string) => process.stderr.write(`${message}\n`);

/** ~`tokens` of user/assistant turns (the bench model's 512-token vocabulary: ~1.5 characters a token). */
function history(tokens: number): ModelMessage[] {
  const messages: ModelMessage[] = [];
  for (let i = 0, chars = 0; chars < tokens * 1.5 || i % 2 === 1; i++) {
    const content = Array.from({ length: 6 }, (_, j) => SENTENCES[(i + j) % SENTENCES.length]).join(
      " ",
    );
    messages.push({ role: i % 2 === 0 ? "user" : "assistant", content });
    chars += content.length;
  }
  return messages;
}

/** Time to the first output of a turn (text, thinking or a call), and its token counts. */
async function timedTurn(
  model: ReturnType<ReturnType<typeof createLlamaCpp>>,
  messages: ModelMessage[],
) {
  const started = performance.now();
  let first: number | undefined;
  const result = streamText({
    model,
    tools,
    messages,
    temperature: 0,
    maxOutputTokens: 8,
    maxRetries: 0,
  });
  for await (const part of result.stream) {
    if (
      first === undefined &&
      (part.type === "text-delta" ||
        part.type === "tool-input-start" ||
        part.type === "reasoning-delta")
    ) {
      first = performance.now();
    }
  }
  const usage = await result.usage;
  return {
    ttftMs: (first ?? performance.now()) - started,
    inputTokens: usage.inputTokens ?? 0,
    cachedTokens: usage.inputTokenDetails.cacheReadTokens ?? 0,
  };
}

async function main() {
  const started = performance.now();
  const modelPath = await benchModelPath();
  const settings = { sequences: 1, contextSize: 4096, fallbackChatWrapper: "qwen" as const };
  const warmProvider = createLlamaCpp(settings);
  const coldProvider = createLlamaCpp(settings);
  const warm = warmProvider(modelPath);
  const cold = coldProvider(modelPath);
  const rows: Array<{
    warmMs: number;
    coldMs: number;
    inputTokens: number;
    warmCached: number;
    coldCached: number;
  }> = [];
  try {
    const base = history(HISTORY_TOKENS);
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      const messages: ModelMessage[] = [
        ...base,
        { role: "user", content: `Round ${round_}: what is the weather in Oslo?` },
      ];
      // The call: forced, so the bench model (random weights) makes one.
      const call = await generateText({
        model: warm,
        tools,
        toolChoice: "required",
        messages,
        temperature: 0,
        maxOutputTokens: 64,
        maxRetries: 0,
      });
      const toolCall = call.toolCalls[0];
      if (!toolCall) throw new Error("the forced call made no call");
      const afterResult: ModelMessage[] = [
        ...messages,
        ...call.responseMessages,
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: toolCall.toolCallId,
              toolName: toolCall.toolName,
              output: { type: "text", value: "Sunny, 21 degrees." },
            },
          ],
        },
      ];
      // Cold: the other sequence holds an unrelated conversation, so everything is evaluated.
      await generateText({
        model: cold,
        prompt: `Unrelated ${round_}.`,
        maxOutputTokens: 1,
        maxRetries: 0,
      });
      const coldTurn = await timedTurn(cold, afterResult);
      const warmTurn = await timedTurn(warm, afterResult);
      rows.push({
        warmMs: warmTurn.ttftMs,
        coldMs: coldTurn.ttftMs,
        inputTokens: warmTurn.inputTokens,
        warmCached: warmTurn.cachedTokens,
        coldCached: coldTurn.cachedTokens,
      });
      log(
        `round ${round_ + 1}: warm ${Math.round(warmTurn.ttftMs)} ms (${warmTurn.cachedTokens}/${warmTurn.inputTokens} reused), cold ${Math.round(coldTurn.ttftMs)} ms`,
      );
    }
  } finally {
    await warmProvider.dispose();
    await coldProvider.dispose();
  }
  const warmMs = median(rows.map((row) => row.warmMs));
  const coldMs = median(rows.map((row) => row.coldMs));
  const ratio = coldMs / warmMs;
  console.log(
    formatTable(
      ["turn after the tool result", "TTFT (median)", "prompt tokens", "reused"],
      [
        [
          "warm (same sequence)",
          `${Math.round(warmMs)} ms`,
          String(rows[0]?.inputTokens),
          String(median(rows.map((r) => r.warmCached))),
        ],
        [
          "cold (other sequence)",
          `${Math.round(coldMs)} ms`,
          String(rows[0]?.inputTokens),
          String(median(rows.map((r) => r.coldCached))),
        ],
      ],
    ),
  );
  console.log(`\ncold / warm = ${round(ratio)}x (target >= 5x) ${ratio >= 5 ? "ok" : "MISSED"}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(
    join(CACHE_DIR, "tool-round-trip.json"),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: `${cpus().length} x ${cpus()[0]?.model}, load ${loadavg()[0]?.toFixed(2)}`,
        rounds: rows,
        warmMs,
        coldMs,
        ratio,
        elapsedS: Math.round((performance.now() - started) / 1000),
      },
      null,
      2,
    ),
  );
  if (ratio < 5) process.exitCode = 1;
}

await main();
