/**
 * Fast local chats (issue 6): turn latency against conversation length with prefix reuse and
 * without, interleaved conversations, concurrent conversations, and turns after trimming, on the
 * realistic-size bench model through our provider. One run, ratios against baselines measured in
 * the same run. See bench/README.md ("fast-chats") and docs/benchmarks.md.
 *
 *   npx tsx bench/fast-chats.ts        (or call runFastChats() from another bench)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ModelMessage, streamText } from "ai";
import { getLlama, type LlamaModel } from "node-llama-cpp";
import { createLlamaCpp, type LlamaCppProvider } from "../lib/models/llama-cpp";
import { benchModelPath } from "../tests/support/test-models";
import { median } from "./stats";
import { SENTENCES, textOf } from "./story-text";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULT_FILE = resolve(REPO_ROOT, ".cache/bench/fast-chats.json");
const SYSTEM = "You are a friendly assistant!";
/** Unset: the provider's default, a thread count per batch size measured at load (thread-plan.ts). */
const THREADS: number | undefined = undefined;
const REPLY_TOKENS = 48;

interface Turn {
  ttftMs: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  text: string;
  droppedMessages?: number;
}

export interface FastChatsResult {
  date: string;
  machine: string;
  settings: Record<string, unknown>;
  history: Array<{
    historyTokens: number;
    warmMs: number;
    coldMs: number;
    warmCached: number;
    coldCached: number;
  }>;
  /**
   * llama.cpp alone (node-llama-cpp, no chat, no provider): 200 tokens evaluated after a short
   * and a long history, by thread count. The growth our TTFT cannot beat.
   */
  rawFloor: Array<{ threads: number; shortMs: number; longMs: number }>;
  interleaved: { aTokens: number; thirdCached: number; thirdMs: number; coldMs: number };
  concurrency: Array<{
    threads: string;
    conversations: number;
    outputTokens: number;
    tokPerS: number;
  }>;
  overflow: {
    contextSize: number;
    beforeMs: number;
    trimMs: number;
    dropped: number;
    nextMs: number[];
    nextDropped: number[];
  };
  elapsedS: number;
}

/** One streamed turn; TTFT is the time to the first text (or to the end, if there is none). */
async function turn(
  provider: LlamaCppProvider,
  modelId: string,
  messages: ModelMessage[],
  maxOutputTokens: number,
  options: { trim?: boolean } = {},
): Promise<Turn> {
  const started = performance.now();
  let first: number | undefined;
  const result = streamText({
    model: provider(modelId),
    instructions: SYSTEM,
    messages,
    temperature: 0,
    maxOutputTokens,
    maxRetries: 0,
    providerOptions: options.trim ? { llamaCpp: { overflow: "trim-oldest" } } : undefined,
  });
  let text = "";
  for await (const delta of result.textStream) {
    first ??= performance.now();
    text += delta;
  }
  const usage = await result.usage;
  const dropped = (await result.providerMetadata)?.llamaCpp?.droppedMessages;
  return {
    ttftMs: (first ?? performance.now()) - started,
    inputTokens: usage.inputTokens ?? 0,
    cachedTokens: usage.inputTokenDetails.cacheReadTokens ?? 0,
    outputTokens: usage.outputTokens ?? 0,
    text,
    droppedMessages: typeof dropped === "number" ? dropped : undefined,
  };
}

const ms = (value: number) => `${Math.round(value)} ms`;
const ratio = (value: number) => `${value.toFixed(1)}x`;
const log = (message: string) => process.stderr.write(`${message}\n`);

/** Median time to evaluate 200 tokens after 240 and after 3,200 tokens already in the sequence. */
async function rawGrowth(model: LlamaModel, threads: number) {
  let tokens = model.tokenize(SENTENCES.join(" "));
  while (tokens.length < 3400) tokens = [...tokens, ...tokens];
  const context = await model.createContext({ contextSize: 4096, sequences: 1, threads });
  try {
    const sequence = context.getSequence();
    const timeAfter = async (history: number) => {
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        await sequence.clearHistory();
        await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, history));
        const start = performance.now();
        await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(history, history + 200));
        times.push(performance.now() - start);
      }
      return median(times);
    };
    return { shortMs: await timeAfter(240), longMs: await timeAfter(3200) };
  } finally {
    await context.dispose();
  }
}

/** A conversation of user/assistant turns of ~`turnTokens` each, about `tokens` in all. */
function conversation(model: LlamaModel, tokens: number, turnTokens: number, seed: number) {
  const messages: ModelMessage[] = [];
  let total = 0;
  // Ends with a user message, at the first one that reaches `tokens`.
  for (let i = 0; total < tokens || i % 2 === 1; i++) {
    const role = i % 2 === 0 ? "user" : "assistant";
    const content = textOf(model, turnTokens, seed + i);
    messages.push({ role, content });
    // Plus the chat format's markup around a message (~11 tokens in `general`).
    total += model.tokenize(content).length + 11;
  }
  return messages;
}

export async function runFastChats(): Promise<FastChatsResult> {
  const started = performance.now();
  const modelPath = await benchModelPath();
  const llama = await getLlama({ gpu: false });
  const tokenizer = await llama.loadModel({ modelPath });
  const providers: LlamaCppProvider[] = [];
  const provider = (settings: { sequences: number; contextSize: number; threads?: number }) => {
    const created = createLlamaCpp({
      threads: THREADS,
      fallbackChatWrapper: "general",
      log: (message) => message.startsWith("threads") && log(`  ${message}`),
      ...settings,
    });
    providers.push(created);
    return created;
  };
  try {
    // 1. A ~200-token turn after 240 / 800 / 1,600 / 3,200 tokens of history, warm and cold.
    log("fast-chats: turn latency against history length");
    const warm = provider({ sequences: 1, contextSize: 4096 });
    const cold = provider({ sequences: 1, contextSize: 4096 });
    const history: FastChatsResult["history"] = [];
    // The first turns after a load run slower (~1.3x here: the threads' first batches, caches);
    // not what a conversation's turns cost afterwards.
    for (const [index, warmed] of [warm, warm, cold].entries()) {
      await turn(
        warmed,
        modelPath,
        [{ role: "user", content: textOf(tokenizer, 200, 900 + index) }],
        4,
      );
    }
    for (const [index, target] of [240, 800, 1600, 3200].entries()) {
      const base = conversation(tokenizer, target - REPLY_TOKENS - 60, 50, index * 50);
      // The previous turn, really generated, so the next prompt re-renders it as the cache holds it.
      const previous = await turn(warm, modelPath, base, REPLY_TOKENS);
      const before = [...base, { role: "assistant" as const, content: previous.text }];
      const warmTurns: Turn[] = [];
      for (let repeat = 0; repeat < 3; repeat++) {
        const question = { role: "user" as const, content: textOf(tokenizer, 200, 1000 + repeat) };
        warmTurns.push(await turn(warm, modelPath, [...before, question], 4));
      }
      // Cold: the other provider's only sequence holds an unrelated conversation.
      await turn(cold, modelPath, [{ role: "user", content: `Unrelated ${index}.` }], 1);
      const question = { role: "user" as const, content: textOf(tokenizer, 200, 1000) };
      const coldTurn = await turn(cold, modelPath, [...before, question], 4);
      const row = {
        historyTokens: previous.inputTokens + previous.outputTokens,
        warmMs: median(warmTurns.map((t) => t.ttftMs)),
        coldMs: coldTurn.ttftMs,
        warmCached: median(warmTurns.map((t) => t.cachedTokens)),
        coldCached: coldTurn.cachedTokens,
      };
      history.push(row);
      log(`  history ${row.historyTokens}: warm ${ms(row.warmMs)}, cold ${ms(row.coldMs)}`);
    }
    await warm.dispose();
    await cold.dispose();

    log("fast-chats: the same growth in llama.cpp alone");
    const rawFloor: FastChatsResult["rawFloor"] = [];
    for (const threads of [1, 2]) {
      rawFloor.push({ threads, ...(await rawGrowth(tokenizer, threads)) });
    }

    // 2. Interleaved conversations A, B, A on two sequences: the third continues on A's.
    log("fast-chats: interleaved A, B, A");
    const pair = provider({ sequences: 2, contextSize: 4096 });
    const a = conversation(tokenizer, 800, 100, 300);
    const aFirst = await turn(pair, modelPath, a, REPLY_TOKENS);
    await turn(pair, modelPath, conversation(tokenizer, 800, 100, 400), REPLY_TOKENS);
    const aNext = [
      ...a,
      { role: "assistant" as const, content: aFirst.text },
      { role: "user" as const, content: textOf(tokenizer, 200, 500) },
    ];
    const third = await turn(pair, modelPath, aNext, 4);
    await pair.dispose();
    const lone = provider({ sequences: 1, contextSize: 4096 });
    const aCold = await turn(lone, modelPath, aNext, 4);
    await lone.dispose();
    const interleaved = {
      aTokens: aFirst.inputTokens + aFirst.outputTokens,
      thirdCached: third.cachedTokens,
      thirdMs: third.ttftMs,
      coldMs: aCold.ttftMs,
    };

    // 3. 1, 2 and 4 conversations at once on one context: aggregate tokens per second, with the
    // default threads (measured per batch size) and with 1 thread for every batch, side by side.
    log("fast-chats: concurrent conversations");
    const concurrency: FastChatsResult["concurrency"] = [];
    for (const threads of [THREADS, 1]) {
      const label = threads === undefined ? "measured" : `${threads} thread`;
      const many = provider({ sequences: 4, contextSize: 1024, threads });
      await turn(many, modelPath, [{ role: "user", content: "Hi" }], 1);
      for (const conversations of [1, 2, 4]) {
        const start = performance.now();
        const turns = await Promise.all(
          Array.from({ length: conversations }, (_, i) =>
            turn(many, modelPath, [{ role: "user", content: textOf(tokenizer, 30, 700 + i) }], 96),
          ),
        );
        const outputTokens = turns.reduce((sum, t) => sum + t.outputTokens, 0);
        const tokPerS = (outputTokens * 1000) / (performance.now() - start);
        concurrency.push({ threads: label, conversations, outputTokens, tokPerS });
        log(
          `  ${label}, ${conversations} at once: ${outputTokens} tokens, ${tokPerS.toFixed(0)} tok/s`,
        );
      }
      await many.dispose();
    }

    // 4. Past the window with trim-oldest: the turns after the first cut.
    log("fast-chats: overflow with trim-oldest");
    const contextSize = 2048;
    const small = provider({ sequences: 1, contextSize });
    const messages: ModelMessage[] = [];
    let last: Turn | undefined;
    let before: Turn | undefined;
    for (let i = 0; i < 60; i++) {
      messages.push({ role: "user", content: textOf(tokenizer, 100, 2000 + i) });
      const next = await turn(small, modelPath, messages, 32, { trim: true });
      messages.push({ role: "assistant", content: next.text });
      before = last;
      last = next;
      if ((next.droppedMessages ?? 0) > 0) break;
    }
    if (!last || !before || !last.droppedMessages)
      throw new Error("the conversation never overflowed");
    const nextTurns: Turn[] = [];
    for (let i = 0; i < 10; i++) {
      messages.push({ role: "user", content: textOf(tokenizer, 100, 3000 + i) });
      const next = await turn(small, modelPath, messages, 32, { trim: true });
      messages.push({ role: "assistant", content: next.text });
      nextTurns.push(next);
    }
    const overflow = {
      contextSize,
      beforeMs: before.ttftMs,
      trimMs: last.ttftMs,
      dropped: last.droppedMessages,
      nextMs: nextTurns.map((t) => t.ttftMs),
      nextDropped: nextTurns.map((t) => t.droppedMessages ?? 0),
    };

    const result: FastChatsResult = {
      date: new Date().toISOString(),
      machine: `${cpus().length} CPUs ${cpus()[0]?.model ?? "?"}, Node ${process.version}, load ${loadavg()
        .map((value) => value.toFixed(1))
        .join(" ")}`,
      settings: {
        model: "bench-135m.gguf",
        threads: THREADS ?? "measured per batch size",
        replyTokens: REPLY_TOKENS,
      },
      history,
      rawFloor,
      interleaved,
      concurrency,
      overflow,
      elapsedS: Math.round((performance.now() - started) / 1000),
    };
    mkdirSync(join(REPO_ROOT, ".cache/bench"), { recursive: true });
    writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await Promise.allSettled(providers.map((created) => created.dispose()));
    await tokenizer.dispose();
  }
}

/** The printed report: tables, ratios against the targets, and an ASCII chart of TTFT. */
export function formatFastChats(result: FastChatsResult): string {
  const lines: string[] = [];
  const first = result.history[0];
  const lastRow = result.history.at(-1);
  lines.push(`fast chats — ${result.date}, ${result.machine}`, "");
  lines.push("TTFT of a ~200-token turn by history length (warm: median of 3; cold: 1 run)");
  lines.push("history tokens | warm TTFT | cached | cold TTFT | cached | cold/warm");
  for (const row of result.history) {
    lines.push(
      `${String(row.historyTokens).padStart(14)} | ${ms(row.warmMs).padStart(9)} | ${String(row.warmCached).padStart(6)} | ${ms(row.coldMs).padStart(9)} | ${String(row.coldCached).padStart(6)} | ${ratio(row.coldMs / row.warmMs).padStart(9)}`,
    );
  }
  if (first && lastRow) {
    const growth = lastRow.warmMs / first.warmMs;
    const speedup = lastRow.coldMs / lastRow.warmMs;
    lines.push(
      "",
      `warm TTFT@${lastRow.historyTokens} / TTFT@${first.historyTokens}: ${ratio(growth)} (target <= 2.5x) ${growth <= 2.5 ? "ok" : "MISSED"}`,
      `cold / warm @${lastRow.historyTokens}: ${ratio(speedup)} (target >= 8x) ${speedup >= 8 ? "ok" : "MISSED"}`,
      "",
      "TTFT (each # = 200 ms)",
    );
    for (const row of result.history) {
      lines.push(
        `${String(row.historyTokens).padStart(5)} warm ${"#".repeat(Math.max(1, Math.round(row.warmMs / 200)))} ${ms(row.warmMs)}`,
      );
      lines.push(
        `${"".padStart(5)} cold ${"#".repeat(Math.max(1, Math.round(row.coldMs / 200)))} ${ms(row.coldMs)}`,
      );
    }
  }
  for (const row of result.rawFloor) {
    lines.push(
      `llama.cpp alone, ${row.threads} thread${row.threads === 1 ? "" : "s"}: 200 tokens after 3,200 / after 240: ${ratio(row.longMs / row.shortMs)} (${ms(row.longMs)} / ${ms(row.shortMs)})`,
    );
  }
  const { interleaved: il } = result;
  lines.push(
    "",
    `interleaved A, B, A: the third request reused ${il.thirdCached} tokens (A's first prompt + reply: ${il.aTokens}) ${il.thirdCached >= il.aTokens - 1 ? "ok" : "MISSED"}; TTFT ${ms(il.thirdMs)} against ${ms(il.coldMs)} cold (${ratio(il.coldMs / il.thirdMs)})`,
    "",
    "concurrent conversations (96 tokens each, one context of 4 sequences)",
  );
  const labels = [...new Set(result.concurrency.map((row) => row.threads))];
  for (const label of labels) {
    const rows = result.concurrency.filter((row) => row.threads === label);
    const one = rows.find((row) => row.conversations === 1);
    for (const row of rows) {
      lines.push(
        `${label}, ${row.conversations} at once: ${row.tokPerS.toFixed(0)} tok/s aggregate (${ratio(row.tokPerS / (one?.tokPerS ?? row.tokPerS))} one)`,
      );
    }
    const four = rows.find((row) => row.conversations === 4);
    if (one && four) {
      const gain = four.tokPerS / one.tokPerS;
      lines.push(
        `${label}: 4 at once / one: ${ratio(gain)} (target >= 2x) ${gain >= 2 ? "ok" : "MISSED"}`,
      );
    }
  }
  const { overflow: of } = result;
  const nextMedian = median(of.nextMs);
  lines.push(
    "",
    `overflow (context ${of.contextSize}, trim-oldest): TTFT before ${ms(of.beforeMs)}, the trimming turn ${ms(of.trimMs)} (dropped ${of.dropped}), median of the next 10 ${ms(nextMedian)} = ${ratio(nextMedian / of.beforeMs)} before (target <= 1.5x) ${nextMedian <= 1.5 * of.beforeMs ? "ok" : "MISSED"}`,
    `  next 10 TTFT: ${of.nextMs.map((value) => Math.round(value)).join(", ")} ms; dropped: ${of.nextDropped.join(", ")}`,
    "",
    `${result.elapsedS} s in all; results in ${RESULT_FILE}`,
  );
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runFastChats()
    .then((result) => console.log(formatFastChats(result)))
    .catch((error: unknown) => {
      console.error("fast-chats failed:", error);
      process.exitCode = 1;
    });
}
