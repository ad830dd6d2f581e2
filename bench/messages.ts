/**
 * The Anthropic Messages API against Chat Completions, on the same model, side by side: what the
 * Messages adapter adds per request (target ≤ 2 ms, medians), and whether a Messages
 * conversation reuses its prompt (target: each turn reads at least the previous turn's whole
 * prompt from the cache). See bench/README.md.
 *
 *   npm run bench:messages [-- --rounds 200 --max-tokens 8 --turns 4]
 *
 * Both protocols go through the app's composition — one /v1 handler with the Messages API
 * mounted in it — called in this process with `new Request(...)`, so the difference is the
 * adapters' own work (parsing, mapping, framing), not HTTP. The same prompt, the same sampling.
 */
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createAnthropicApi, MESSAGES_PATH } from "../lib/anthropic-api";
import { createLlamaCpp } from "../lib/models/llama-cpp";
import { createOpenAIApi } from "../lib/openai-api";
import { testModelPath } from "../tests/support/test-models";
import { instantModel } from "./instant-model";
import { formatTable, median, quantile, round } from "./stats";
import { SENTENCES } from "./story-text";

const MODEL_NAME = "stories260K.gguf";
const PROMPT = "Once upon a time";

type Protocol = "chat" | "messages";
type Mode = "json" | "stream";
type Handler = (request: Request) => Promise<Response>;

interface Options {
  rounds: number;
  maxTokens: number;
  turns: number;
}

/** The app's /v1 handler over `model`: chat completions, with the Messages API mounted. */
function v1Handler(model: LanguageModelV4, name: string): Handler {
  const shared = {
    getModel: () => ({ spec: { provider: "local" as const, model: name }, name, model }),
    limits: { maxMessages: 200 },
    maxBodyBytes: 8 * 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
  };
  const messages = createAnthropicApi(shared);
  return createOpenAIApi({
    ...shared,
    modelStatus: () => ({ state: "ready" }),
    mounts: [{ prefix: MESSAGES_PATH, handler: messages }],
  });
}

/** One request of either protocol asking the same thing: for this, the two bodies are the same. */
function requestOf(protocol: Protocol, mode: Mode, name: string, maxTokens: number): Request {
  const body = {
    model: name,
    messages: [{ role: "user", content: PROMPT }],
    max_tokens: maxTokens,
    temperature: 0,
    stream: mode === "stream",
  };
  const path = protocol === "chat" ? "/v1/chat/completions" : MESSAGES_PATH;
  return new Request(`http://bench${path}`, { method: "POST", body: JSON.stringify(body) });
}

async function consume(response: Response): Promise<void> {
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

/**
 * Round 0 warms up; then each round sends one request of each protocol, in alternating order,
 * so that drift hits both alike and rounds compare pairwise. Milliseconds per request.
 */
async function sideBySide(handler: Handler, name: string, mode: Mode, options: Options) {
  const samples: Record<Protocol, number[]> = { chat: [], messages: [] };
  for (let r = 0; r <= options.rounds; r++) {
    const order: Protocol[] = r % 2 === 0 ? ["chat", "messages"] : ["messages", "chat"];
    for (const protocol of order) {
      const request = requestOf(protocol, mode, name, options.maxTokens);
      const start = performance.now();
      await consume(await handler(request));
      if (r > 0) samples[protocol].push(performance.now() - start);
    }
  }
  const added = samples.messages.map((time, i) => time - (samples.chat[i] ?? Number.NaN));
  return {
    chat: {
      medianMs: round(median(samples.chat), 2),
      p95Ms: round(quantile(samples.chat, 0.95), 2),
    },
    messages: {
      medianMs: round(median(samples.messages), 2),
      p95Ms: round(quantile(samples.messages, 0.95), 2),
    },
    addedMs: round(median(added), 3),
  };
}

/** The handlers alone: a mock model answers at once (8 one-character pieces), in µs. */
async function handlerOverhead(iterations = 2000) {
  const model = instantModel(8);
  const handler = v1Handler(model, "mock.gguf");
  const result: Record<Mode, Record<Protocol, number>> = {
    json: { chat: 0, messages: 0 },
    stream: { chat: 0, messages: 0 },
  };
  for (const mode of ["json", "stream"] as const) {
    const times: Record<Protocol, number[]> = { chat: [], messages: [] };
    for (let i = 0; i < iterations + 200; i++) {
      for (const protocol of ["chat", "messages"] as const) {
        const start = performance.now();
        await consume(await handler(requestOf(protocol, mode, "mock.gguf", 8)));
        if (i >= 200) times[protocol].push((performance.now() - start) * 1000);
      }
    }
    result[mode] = { chat: round(median(times.chat)), messages: round(median(times.messages)) };
  }
  return result;
}

interface TurnUsage {
  turn: number;
  /** The whole prompt: input_tokens + cache_read_input_tokens. */
  promptTokens: number;
  cacheReadTokens: number;
  /** The previous turn's whole prompt, all of which should have been read from the cache. */
  previousPromptTokens?: number;
}

/**
 * A Messages conversation of `turns` turns on the local model, each sending the whole history
 * back as a client does (the reply's content blocks as they came): what each turn reads from the
 * cache. A system prompt of ~40 sentences makes the first prompt worth reusing.
 */
async function conversationReuse(handler: Handler, name: string, turns: number) {
  const system = Array.from({ length: 40 }, (_, i) => SENTENCES[i % SENTENCES.length]).join(" ");
  const history: Array<{ role: string; content: unknown }> = [];
  const usage: TurnUsage[] = [];
  for (let turn = 1; turn <= turns; turn++) {
    history.push({ role: "user", content: turn === 1 ? "Tell me a story." : "And then?" });
    const response = await handler(
      new Request(`http://bench${MESSAGES_PATH}`, {
        method: "POST",
        body: JSON.stringify({ model: name, system, messages: history, max_tokens: 24 }),
      }),
    );
    if (response.status !== 200) throw new Error(`turn ${turn}: ${await response.text()}`);
    const message = (await response.json()) as {
      content: unknown[];
      usage: { input_tokens: number; cache_read_input_tokens: number };
    };
    history.push({ role: "assistant", content: message.content });
    const promptTokens = message.usage.input_tokens + message.usage.cache_read_input_tokens;
    usage.push({
      turn,
      promptTokens,
      cacheReadTokens: message.usage.cache_read_input_tokens,
      previousPromptTokens: usage.at(-1)?.promptTokens,
    });
  }
  return usage;
}

export async function runMessagesBench(options: Options) {
  const modelPath = await testModelPath(MODEL_NAME);
  const provider = createLlamaCpp({ threads: 1, sequences: 2 });
  const model = provider(modelPath);
  const handler = v1Handler(model, MODEL_NAME);
  // Other work on a shared machine moves absolute times (the paired differences much less).
  const loadBefore = round(loadavg()[0] ?? 0, 2);
  try {
    const latency = {
      json: await sideBySide(handler, MODEL_NAME, "json", options),
      stream: await sideBySide(handler, MODEL_NAME, "stream", options),
    };
    const reuse = await conversationReuse(handler, MODEL_NAME, options.turns);
    return {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? "unknown CPU",
        nproc: availableParallelism(),
        memoryGiB: round(totalmem() / 2 ** 30),
        node: process.version,
        loadAverage: { before: loadBefore, after: round(loadavg()[0] ?? 0, 2) },
      },
      options,
      latency,
      handlerOverheadUs: await handlerOverhead(),
      reuse,
    };
  } finally {
    await provider.dispose();
  }
}

type MessagesBenchResult = Awaited<ReturnType<typeof runMessagesBench>>;

export function formatMessagesBench(result: MessagesBenchResult): string {
  const { machine, options, latency, handlerOverheadUs: overhead, reuse } = result;
  const rows = (["json", "stream"] as const).flatMap((mode) => [
    [
      `chat completions (${mode})`,
      String(latency[mode].chat.medianMs),
      String(latency[mode].chat.p95Ms),
      "",
    ],
    [
      `messages (${mode})`,
      String(latency[mode].messages.medianMs),
      String(latency[mode].messages.p95Ms),
      String(latency[mode].addedMs),
    ],
  ]);
  const reuseRows = reuse.map((turn) => [
    String(turn.turn),
    String(turn.promptTokens),
    String(turn.cacheReadTokens),
    turn.previousPromptTokens === undefined ? "" : String(turn.previousPromptTokens),
    turn.previousPromptTokens === undefined
      ? ""
      : turn.cacheReadTokens >= turn.previousPromptTokens
        ? "ok"
        : "MISS",
  ]);
  const worst = Math.max(latency.json.addedMs, latency.stream.addedMs);
  return [
    "",
    `Messages API vs Chat Completions — ${MODEL_NAME}, 1 thread, 2 sequences, ` +
      `max_tokens ${options.maxTokens}, temperature 0, ${options.rounds} paired rounds, in process`,
    `${result.date}, ${machine.cpu}, ${machine.nproc} CPUs, ${machine.memoryGiB} GiB, ` +
      `node ${machine.node}, load average ${machine.loadAverage.before} → ${machine.loadAverage.after}`,
    "",
    formatTable(["protocol", "median ms", "p95 ms", "added ms (paired median)"], rows),
    "",
    "handlers alone over a mock model that answers at once (8 pieces), median µs per request: " +
      `json chat ${overhead.json.chat}, messages ${overhead.json.messages}; ` +
      `stream chat ${overhead.stream.chat}, messages ${overhead.stream.messages}`,
    `target: the Messages adapter adds ≤ 2 ms per request: ${worst <= 2 ? "ok" : "MISS"} (${worst} ms at most)`,
    "",
    "a Messages conversation on the local model (each turn sends the history back):",
    formatTable(
      ["turn", "prompt tokens", "cache read", "previous prompt", "reused whole"],
      reuseRows,
    ),
  ].join("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "200" },
      "max-tokens": { type: "string", default: "8" },
      turns: { type: "string", default: "4" },
    },
  });
  const result = await runMessagesBench({
    rounds: Number(values.rounds),
    maxTokens: Number(values["max-tokens"]),
    turns: Number(values.turns),
  });
  console.log(formatMessagesBench(result));
  console.log(`\n${JSON.stringify(result)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error("bench failed:", error);
    process.exitCode = 1;
  });
}
