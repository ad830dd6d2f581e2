/**
 * What the Responses API (`/v1/responses`) adds over Chat Completions, and whether its
 * conversations reuse the local model's cache. See bench/README.md.
 *
 *   npm run bench:responses [-- --rounds 200 --max-tokens 8]
 *
 * 1. Added latency: the same handler, in this process, over the same stories260K model; each
 *    round sends the same short request as a chat completion and as a response (not stored, and
 *    stored in a SQLite file), whole and streamed, in a rotating order. Target: a response adds
 *    ≤ 2 ms (median of the per-round differences) over the chat completion. Plus the handler's
 *    own cost per request over a mock model that answers at once (µs).
 * 2. Prefix reuse: a two-turn chain sent twice, once by resending the history as `input` (how
 *    Codex and the Agents SDK talk) and once with `previous_response_id`; the second turn's
 *    `cached_tokens` must be at least the first turn's `input_tokens` (its whole prompt reused).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createLlamaCpp } from "../lib/models/llama-cpp";
import { createOpenAIApi, type OpenAIApiHandler } from "../lib/openai-api";
import { type ChatStore, openChatStore } from "../lib/store";
import { testModelPath } from "../tests/support/test-models";
import { instantModel } from "./instant-model";
import { formatTable, median, quantile, round } from "./stats";
import { SENTENCES } from "./story-text";

const MODEL_NAME = "stories260K.gguf";
const PROMPT = "Once upon a time";

type PathId = "chat" | "responses" | "responses-stored";
type Mode = "json" | "stream";

interface Options {
  rounds: number;
  maxTokens: number;
}

function handlerFor(model: LanguageModelV4, name: string, store: ChatStore): OpenAIApiHandler {
  return createOpenAIApi({
    getModel: () => ({ spec: { provider: "local", model: name }, name, model }),
    modelStatus: () => ({ state: "ready" }),
    limits: { maxMessages: 200 },
    maxBodyBytes: 8 * 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
    getStore: async () => store,
  });
}

function requestOf(path: PathId, mode: Mode, model: string, maxTokens: number): Request {
  const stream = mode === "stream";
  const [url, body] =
    path === "chat"
      ? [
          "http://bench/v1/chat/completions",
          { model, messages: [{ role: "user", content: PROMPT }], max_tokens: maxTokens, stream },
        ]
      : [
          "http://bench/v1/responses",
          {
            model,
            input: PROMPT,
            max_output_tokens: maxTokens,
            stream,
            store: path === "responses-stored",
          },
        ];
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...body, temperature: 0 }),
  });
}

async function consume(response: Response): Promise<void> {
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

/** Round 0 warms up; then each round runs every path once, in an order that rotates. */
async function interleaved(
  handler: OpenAIApiHandler,
  model: string,
  mode: Mode,
  { rounds, maxTokens }: Options,
): Promise<Record<PathId, number[]>> {
  const ids: PathId[] = ["chat", "responses", "responses-stored"];
  const samples: Record<PathId, number[]> = { chat: [], responses: [], "responses-stored": [] };
  for (let r = 0; r <= rounds; r++) {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[(i + r) % ids.length] as PathId;
      const start = performance.now();
      await consume(await handler(requestOf(id, mode, model, maxTokens)));
      if (r > 0) samples[id].push(performance.now() - start);
    }
  }
  return samples;
}

interface ReuseResult {
  firstInputTokens: number;
  secondInputTokens: number;
  secondCachedTokens: number;
  ok: boolean;
}

/** Two turns of one conversation; the second's cached tokens against the first's prompt. */
async function chainReuse(
  handler: OpenAIApiHandler,
  model: string,
  how: "resend" | "previous_response_id",
): Promise<ReuseResult> {
  const post = async (body: object) => {
    const response = await handler(
      new Request("http://bench/v1/responses", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model, temperature: 0, max_output_tokens: 24, ...body }),
      }),
    );
    if (response.status !== 200)
      throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    return (await response.json()) as {
      id: string;
      output: unknown[];
      usage: { input_tokens: number; input_tokens_details: { cached_tokens: number } };
    };
  };
  // A first prompt long enough that reusing it matters (~300 tokens), different per run.
  const story = `${how}: ${SENTENCES.join(" ")} ${SENTENCES.slice().reverse().join(" ")}`;
  const instructions = "You continue children's stories.";
  const first = await post({ instructions, input: story, store: how !== "resend" });
  const next = { role: "user", content: "What happened next?" };
  const second =
    how === "resend"
      ? await post({
          instructions,
          input: [{ role: "user", content: story }, ...first.output, next],
          store: false,
        })
      : await post({ instructions, input: [next], previous_response_id: first.id });
  const result = {
    firstInputTokens: first.usage.input_tokens,
    secondInputTokens: second.usage.input_tokens,
    secondCachedTokens: second.usage.input_tokens_details.cached_tokens,
  };
  return { ...result, ok: result.secondCachedTokens >= result.firstInputTokens };
}

export async function runResponsesBench(options: Options) {
  const modelPath = await testModelPath(MODEL_NAME);
  const provider = createLlamaCpp({ threads: 1, sequences: 4 });
  const model = provider(modelPath);
  const dir = await mkdtemp(join(tmpdir(), "bench-responses-"));
  const store = await openChatStore(`file:${join(dir, "chat.db")}`);
  try {
    const handler = handlerFor(model, MODEL_NAME, store);
    const latency: Record<
      Mode,
      Record<PathId, { medianMs: number; p95Ms: number; addedMs?: number }>
    > = { json: {} as never, stream: {} as never };
    for (const mode of ["json", "stream"] as const) {
      const samples = await interleaved(handler, MODEL_NAME, mode, options);
      for (const id of Object.keys(samples) as PathId[]) {
        const times = samples[id];
        latency[mode][id] = {
          medianMs: round(median(times), 2),
          p95Ms: round(quantile(times, 0.95), 2),
          ...(id === "chat"
            ? {}
            : {
                addedMs: round(median(times.map((t, i) => t - (samples.chat[i] ?? Number.NaN))), 2),
              }),
        };
      }
    }

    const mock = handlerFor(instantModel(options.maxTokens), "mock.gguf", store);
    const overheadUs: Record<Mode, Record<PathId, number>> = {
      json: {} as never,
      stream: {} as never,
    };
    for (const mode of ["json", "stream"] as const) {
      const samples = await interleaved(mock, "mock.gguf", mode, { ...options, rounds: 1000 });
      for (const id of Object.keys(samples) as PathId[]) {
        overheadUs[mode][id] = round(median(samples[id]) * 1000, 0);
      }
    }

    const reuse = {
      resend: await chainReuse(handler, MODEL_NAME, "resend"),
      previousResponseId: await chainReuse(handler, MODEL_NAME, "previous_response_id"),
    };
    return {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? "unknown CPU",
        nproc: availableParallelism(),
        memoryGiB: round(totalmem() / 2 ** 30),
        node: process.version,
        loadAverage: (await import("node:os")).loadavg().map((l) => round(l, 2)),
      },
      options,
      latency,
      overheadUs,
      reuse,
      verdict: {
        addedUnder2ms:
          (latency.json.responses.addedMs ?? Number.POSITIVE_INFINITY) <= 2 &&
          (latency.stream.responses.addedMs ?? Number.POSITIVE_INFINITY) <= 2,
        reuse: reuse.resend.ok && reuse.previousResponseId.ok,
      },
    };
  } finally {
    await store.close();
    await provider.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatResponsesBench(result: Awaited<ReturnType<typeof runResponsesBench>>) {
  const rows = (["json", "stream"] as const).flatMap((mode) =>
    (Object.keys(result.latency[mode]) as PathId[]).map((id) => {
      const l = result.latency[mode][id];
      return [
        `${id} (${mode})`,
        l.medianMs.toFixed(2),
        l.p95Ms.toFixed(2),
        l.addedMs === undefined ? "" : l.addedMs.toFixed(2),
        String(result.overheadUs[mode][id]),
      ];
    }),
  );
  const reuseRows = Object.entries(result.reuse).map(([how, r]) => [
    how,
    String(r.firstInputTokens),
    String(r.secondInputTokens),
    String(r.secondCachedTokens),
    r.ok ? "yes" : "NO",
  ]);
  return [
    `${result.date}  ${result.machine.cpu} ×${result.machine.nproc}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, load ${result.machine.loadAverage.join(" ")}`,
    `stories260K, 1 thread, max tokens ${result.options.maxTokens}, temperature 0, ${result.options.rounds} interleaved rounds`,
    "",
    formatTable(["path", "median ms", "p95 ms", "added over chat, ms", "mock model µs"], rows),
    "",
    formatTable(
      ["second turn by", "1st input tokens", "2nd input tokens", "2nd cached tokens", "reused all"],
      reuseRows,
    ),
    "",
    `target ≤ 2 ms added: ${result.verdict.addedUnder2ms ? "met" : "MISSED"}; whole first prompt reused: ${result.verdict.reuse ? "met" : "MISSED"}`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "200" },
      "max-tokens": { type: "string", default: "8" },
    },
  });
  const result = await runResponsesBench({
    rounds: Number(values.rounds),
    maxTokens: Number(values["max-tokens"]),
  });
  console.log(formatResponsesBench(result));
  console.log(JSON.stringify(result));
}
