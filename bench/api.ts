/**
 * What the OpenAI-compatible API adds over calling the model directly: latency (median, p95) of
 * short completions on stories260K, and requests/s with 1 and 8 concurrent clients. See
 * bench/api.README.md.
 *
 *   npx tsx bench/api.ts [--rounds 200] [--max-tokens 8] [--no-http]
 *
 * Paths, each measured in the same run against the same model settings:
 *   direct   model.doGenerate / doStream in this process (the baseline)
 *   handler  createOpenAIApi(...)(new Request(...)) in this process: parsing, mapping, SSE
 *   node     the same handler behind a bare node:http server, over loopback (HTTP without Next)
 *   http     the built app (`next start`) over loopback, the way a client sees it (needs
 *            `npm run build`; the app runs its own copy of the model with the same settings)
 * and, without any model, the handler over a mock model that answers at once (pure overhead).
 */
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { parseEnv } from "../lib/env";
import { createLlamaCpp } from "../lib/models/llama-cpp";
import { createOpenAIApi, type OpenAIApiHandler, requestLimitsFrom } from "../lib/openai-api";
import { startApp } from "../tests/support/app-server";
import { testModelPath } from "../tests/support/test-models";
import { instantModel } from "./instant-model";
import { formatTable, median, quantile, round } from "./stats";

/** The API's default request limits (CHAT_API_MAX_*). */
const DEFAULT_REQUEST_LIMITS = requestLimitsFrom(parseEnv({}));

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const MODEL_NAME = "stories260K.gguf";
const PROMPT = "Once upon a time";
const CONCURRENCY = [1, 8] as const;
/** Sequences of the one context: enough for 8 clients at once. */
const SEQUENCES = 8;

export interface ApiBenchOptions {
  rounds: number;
  maxTokens: number;
  http: boolean;
}

interface Latency {
  medianMs: number;
  p95Ms: number;
}

type PathId = "direct" | "handler" | "node" | "http";
type Mode = "json" | "stream";
type Call = (mode: Mode) => Promise<void>;

export interface ApiBenchResult {
  date: string;
  machine: { cpu: string; nproc: number; memoryGiB: number; node: string };
  options: ApiBenchOptions;
  /** Latency of one request at a time, per path and mode. */
  latency: Record<Mode, Partial<Record<PathId, Latency>>>;
  /** Median added over direct, per path and mode (paired rounds). */
  addedMs: Record<Mode, Partial<Record<Exclude<PathId, "direct">, number>>>;
  /** Requests per second with N clients each sending requests back to back (non-streaming). */
  throughput: Partial<Record<PathId, Record<`${(typeof CONCURRENCY)[number]}`, number>>>;
  /** `GET /health` (no model work) over each server: what the HTTP stack alone costs, in ms. */
  healthMs: Partial<Record<"node" | "http", Latency>>;
  /** The handler over a mock model that answers at once: what it costs per request, in µs. */
  handlerOverheadUs: { json: number; stream: number; streamChunks: number };
}

export async function runApiBench(options: ApiBenchOptions): Promise<ApiBenchResult> {
  const modelPath = await testModelPath(MODEL_NAME);
  const provider = createLlamaCpp({ threads: 1, sequences: SEQUENCES });
  const model = provider(modelPath);
  const handler = createOpenAIApi({
    getModel: () => ({ spec: { provider: "local", model: modelPath }, name: MODEL_NAME, model }),
    modelStatus: () => ({ state: "ready" }),
    limits: { maxMessages: 200 },
    requestLimits: DEFAULT_REQUEST_LIMITS,
    maxBodyBytes: 8 * 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
  });
  const body = (stream: boolean) =>
    JSON.stringify({
      model: MODEL_NAME,
      messages: [{ role: "user", content: PROMPT }],
      max_tokens: options.maxTokens,
      temperature: 0,
      stream,
    });

  const paths: Partial<Record<PathId, Call>> = {
    direct: directCall(model, options.maxTokens),
    handler: async (mode) => {
      const response = await handler(
        new Request("http://bench/v1/chat/completions", {
          method: "POST",
          body: body(mode === "stream"),
        }),
      );
      await consume(response);
    },
  };

  let stopApp: (() => Promise<void>) | undefined;
  let stopNode: (() => Promise<void>) | undefined;
  const servers: Partial<Record<"node" | "http", string>> = {};
  if (options.http) {
    const node = await serveWithNodeHttp(handler);
    servers.node = node.url;
    stopNode = node.close;
    paths.node = async (mode) => {
      const response = await fetch(`${node.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: body(mode === "stream"),
      });
      await consume(response);
    };
    if (!existsSync(join(REPO_ROOT, ".next", "BUILD_ID"))) {
      log("no build in .next: skipping the http path (run `npm run build` first)");
    } else {
      const app = await startApp({
        CHAT_MODEL: `local:${modelPath}`,
        LLAMA_THREADS: "1",
        LLAMA_SEQUENCES: String(SEQUENCES),
      });
      stopApp = app.stop;
      servers.http = app.url;
      paths.http = async (mode) => {
        const response = await fetch(`${app.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: body(mode === "stream"),
        });
        await consume(response);
      };
    }
  }

  try {
    const ids = Object.keys(paths) as PathId[];
    const latency: ApiBenchResult["latency"] = { json: {}, stream: {} };
    const addedMs: ApiBenchResult["addedMs"] = { json: {}, stream: {} };
    for (const mode of ["json", "stream"] as const) {
      const samples = await interleavedRounds(paths, mode, options.rounds);
      for (const id of ids) {
        const times = samples[id] ?? [];
        latency[mode][id] = {
          medianMs: round(median(times), 2),
          p95Ms: round(quantile(times, 0.95), 2),
        };
        if (id !== "direct") {
          const direct = samples.direct ?? [];
          addedMs[mode][id] = round(median(times.map((t, i) => t - (direct[i] ?? Number.NaN))));
        }
      }
      log(`latency (${mode}): ${JSON.stringify(latency[mode])}`);
    }

    const throughput: ApiBenchResult["throughput"] = {};
    for (const id of ids) {
      const call = paths[id] as Call;
      const perClients = { "1": 0, "8": 0 };
      for (const clients of CONCURRENCY) {
        perClients[`${clients}`] = round(await requestsPerSecond(call, clients, options.rounds), 2);
      }
      throughput[id] = perClients;
      log(`requests/s ${id}: ${JSON.stringify(perClients)}`);
    }

    const healthMs: ApiBenchResult["healthMs"] = {};
    for (const [id, url] of Object.entries(servers) as Array<["node" | "http", string]>) {
      const times: number[] = [];
      for (let i = 0; i <= options.rounds; i++) {
        const start = performance.now();
        await consume(await fetch(`${url}/health`));
        if (i > 0) times.push(performance.now() - start);
      }
      healthMs[id] = { medianMs: round(median(times), 2), p95Ms: round(quantile(times, 0.95), 2) };
    }

    return {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? "unknown CPU",
        nproc: availableParallelism(),
        memoryGiB: round(totalmem() / 2 ** 30, 2),
        node: process.version,
      },
      options,
      latency,
      addedMs,
      throughput,
      healthMs,
      handlerOverheadUs: await measureHandlerOverhead(options.maxTokens),
    };
  } finally {
    await stopApp?.();
    await stopNode?.();
    await provider.dispose();
  }
}

/** The handler behind node:http, the smallest adapter there is: a stand-in for Next's server. */
async function serveWithNodeHttp(handler: OpenAIApiHandler) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    const response = await handler(
      new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: { "content-type": req.headers["content-type"] ?? "application/json" },
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        signal: abort.signal,
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = response.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
      res.write(read.value);
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The baseline: the provider called the way the handler calls it, with the same options. */
function directCall(model: LanguageModelV4, maxTokens: number): Call {
  const options: LanguageModelV4CallOptions = {
    prompt: [{ role: "user", content: [{ type: "text", text: PROMPT }] }],
    maxOutputTokens: maxTokens,
    temperature: 0,
  };
  return async (mode) => {
    if (mode === "json") {
      await model.doGenerate(options);
      return;
    }
    const { stream } = await model.doStream(options);
    const reader = stream.getReader();
    while (!(await reader.read()).done) {}
  };
}

async function consume(response: Response): Promise<void> {
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

/**
 * Round 0 warms up; then every round runs each path once, in an order that rotates, so that
 * drift (CPU clock, caches) hits all paths alike and rounds can be compared pairwise.
 */
async function interleavedRounds(
  paths: Partial<Record<PathId, Call>>,
  mode: Mode,
  rounds: number,
): Promise<Partial<Record<PathId, number[]>>> {
  const ids = Object.keys(paths) as PathId[];
  const samples: Partial<Record<PathId, number[]>> = Object.fromEntries(ids.map((id) => [id, []]));
  for (let r = 0; r <= rounds; r++) {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[(i + r) % ids.length] as PathId;
      const start = performance.now();
      await (paths[id] as Call)(mode);
      if (r > 0) samples[id]?.push(performance.now() - start);
    }
  }
  return samples;
}

async function requestsPerSecond(call: Call, clients: number, total: number): Promise<number> {
  await call("json");
  let remaining = total;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (remaining > 0) {
        remaining--;
        await call("json");
      }
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

/** The handler's own cost: a mock model answers at once, so all the time is the handler's. */
async function measureHandlerOverhead(chunks: number, iterations = 2000) {
  const model = instantModel(chunks);
  const handler: OpenAIApiHandler = createOpenAIApi({
    getModel: () => ({ spec: { provider: "local", model: "mock.gguf" }, name: "mock.gguf", model }),
    modelStatus: () => ({ state: "ready" }),
    limits: { maxMessages: 200 },
    requestLimits: DEFAULT_REQUEST_LIMITS,
    maxBodyBytes: 8 * 1024 * 1024,
    replyLimits: { idleMs: 60_000, totalMs: 900_000 },
  });
  const measure = async (streamed: boolean) => {
    const body = JSON.stringify({
      model: "mock.gguf",
      messages: [{ role: "user", content: PROMPT }],
      max_tokens: chunks,
      stream: streamed,
    });
    const times: number[] = [];
    for (let i = 0; i < iterations + 200; i++) {
      const start = performance.now();
      await consume(
        await handler(new Request("http://bench/v1/chat/completions", { method: "POST", body })),
      );
      if (i >= 200) times.push((performance.now() - start) * 1000);
    }
    return round(median(times), 2);
  };
  return { json: await measure(false), stream: await measure(true), streamChunks: chunks };
}

export function formatApiBench(result: ApiBenchResult): string {
  const rows: string[][] = [];
  for (const mode of ["json", "stream"] as const) {
    for (const [id, latency] of Object.entries(result.latency[mode])) {
      const added =
        id === "direct" ? "" : String(result.addedMs[mode][id as Exclude<PathId, "direct">]);
      rows.push([`${id} (${mode})`, String(latency.medianMs), String(latency.p95Ms), added]);
    }
  }
  const throughput = Object.entries(result.throughput).map(([id, perClients]) => [
    id,
    String(perClients["1"]),
    String(perClients["8"]),
  ]);
  const { machine, options, handlerOverheadUs: overhead, healthMs } = result;
  const health = Object.entries(healthMs)
    .map(([id, latency]) => `${id} ${latency.medianMs} ms (p95 ${latency.p95Ms})`)
    .join(", ");
  return [
    "",
    `OpenAI-compatible API vs direct provider calls — ${MODEL_NAME}, 1 thread, ${SEQUENCES} sequences, ` +
      `max_tokens ${options.maxTokens}, temperature 0, ${options.rounds} interleaved rounds`,
    `${result.date}, ${machine.cpu}, ${machine.nproc} CPUs, ${machine.memoryGiB} GiB, node ${machine.node}`,
    "",
    formatTable(["path", "median ms", "p95 ms", "added ms (paired median)"], rows),
    "",
    formatTable(["requests/s (json)", "1 client", "8 clients"], throughput),
    "",
    `GET /health, no model work (the HTTP stack alone): ${health || "not measured"}`,
    `handler alone over a mock model that answers at once: ${overhead.json} µs (json), ` +
      `${overhead.stream} µs (stream of ${overhead.streamChunks} chunks) per request`,
    `target: ≤ 2 ms median added by the API (handler path: ${result.addedMs.json.handler} ms json, ` +
      `${result.addedMs.stream.handler} ms stream)`,
  ].join("\n");
}

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "200" },
      "max-tokens": { type: "string", default: "8" },
      "no-http": { type: "boolean", default: false },
    },
  });
  const result = await runApiBench({
    rounds: Number(values.rounds),
    maxTokens: Number(values["max-tokens"]),
    http: !values["no-http"],
  });
  console.log(formatApiBench(result));
  console.log(`\n${JSON.stringify(result)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error("bench failed:", error);
    process.exitCode = 1;
  });
}
