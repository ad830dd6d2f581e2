/**
 * `npm run bench:load`: many users on the built app with the embedded model, for minutes.
 * N clients (default 16) for M minutes (default 5), each with its own owner cookie, take turns
 * through the page's chat route (a new conversation per turn) and `/v1` (streamed and whole).
 * Prints requests/s, p50/p95 time to first token and total time by route, the queue's 429s,
 * errors by kind, the server's RSS every second (a small chart), and at the end checks in the
 * store that every reply the page route acknowledged (its stream finished) is stored complete
 * with the text the client received. Loopback only; every loop stops at the deadline.
 *
 *   npm run build && npm run bench:load -- [--clients 16] [--minutes 5] [--max-tokens 48]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createClient } from "@libsql/client";
import type { ChatRequestInput } from "@/lib/chat/request";
import { startApp } from "../tests/support/app-server";
import { benchModelPath } from "../tests/support/test-models";
import { CACHE_DIR } from "./bench-model";
import { formatTable, median, quantile, round } from "./stats";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "16" },
    minutes: { type: "string", default: "5" },
    "max-tokens": { type: "string", default: "48" },
  },
});
const CLIENTS = Number(values.clients);
const DURATION_MS = Number(values.minutes) * 60_000;
const MAX_TOKENS = Number(values["max-tokens"]);
/** No request may outlive this (the app's own limits are longer). */
const REQUEST_TIMEOUT_MS = 180_000;
const SENTENCES = [
  "Tell me a story about a cat.",
  "Lily and Tom went to the park.",
  "Why is the sky blue?",
  "The little bird sang a song.",
];

type Route = "page" | "v1-stream" | "v1-json";
interface Sample {
  route: Route;
  ok: boolean;
  /** HTTP status, or 0 when the request failed before one. */
  status: number;
  error?: string;
  ttftMs?: number;
  totalMs: number;
  /** Page route: the stored reply's id and the text the client received. */
  reply?: { id: string; text: string };
}

const log = (message: string) => process.stderr.write(`${message}\n`);

/** The server's resident memory: its process and its children (MB). */
function rssMb(pid: number): number {
  const pids = [pid];
  try {
    pids.push(
      ...execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
        .split("\n")
        .map((line) => Number(line.trim()))
        .filter((child) => child > 0),
    );
  } catch {
    // no children
  }
  let kb = 0;
  for (const each of pids) {
    try {
      const status = readFileSync(`/proc/${each}/status`, "utf8");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // exited
    }
  }
  return kb / 1024;
}

async function ownerCookie(url: string): Promise<string> {
  const response = await fetch(url, { redirect: "manual" });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("chat_owner="));
  if (!cookie) throw new Error("the app set no owner cookie");
  return cookie.split(";")[0] ?? "";
}

/** Reads server-sent events, calling `onEvent` with each `data:` payload. */
async function readEvents(response: Response, onEvent: (data: string) => void) {
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) return;
  let buffer = "";
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffer += read.value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split("\n")) {
        if (line.startsWith("data: ")) onEvent(line.slice(6));
      }
      end = buffer.indexOf("\n\n");
    }
  }
}

async function pageTurn(url: string, cookie: string, text: string): Promise<Sample> {
  const started = performance.now();
  const id = `load${crypto.randomUUID().replaceAll("-", "")}`;
  const response = await fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    // What the page sends for a first message (lib/chat/chat-request.ts).
    body: JSON.stringify({
      trigger: "send",
      id,
      message: { id: `m${id}`, text },
      parentId: null,
    } satisfies ChatRequestInput),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) {
    return {
      route: "page",
      ok: false,
      status: response.status,
      totalMs: performance.now() - started,
      error: `HTTP ${response.status}`,
    };
  }
  let ttftMs: number | undefined;
  let messageId = "";
  let reply = "";
  let finished = false;
  let error: string | undefined;
  await readEvents(response, (data) => {
    if (data === "[DONE]") return;
    const chunk = JSON.parse(data) as {
      type: string;
      delta?: string;
      messageId?: string;
      errorText?: string;
    };
    if (chunk.type === "start" && chunk.messageId) messageId = chunk.messageId;
    if (chunk.type === "text-delta") {
      ttftMs ??= performance.now() - started;
      reply += chunk.delta ?? "";
    }
    if (chunk.type === "finish") finished = true;
    if (chunk.type === "error") error = chunk.errorText;
  });
  const ok = finished && error === undefined;
  return {
    route: "page",
    ok,
    status: response.status,
    ttftMs,
    totalMs: performance.now() - started,
    ...(error ? { error } : !finished ? { error: "stream ended without finish" } : {}),
    ...(ok ? { reply: { id: messageId, text: reply } } : {}),
  };
}

async function v1Turn(url: string, model: string, text: string, stream: boolean): Promise<Sample> {
  const route: Route = stream ? "v1-stream" : "v1-json";
  const started = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: text }],
      max_tokens: MAX_TOKENS,
      stream,
    }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
    return {
      route,
      ok: false,
      status: response.status,
      totalMs: performance.now() - started,
      error: body.error?.code ?? `HTTP ${response.status}`,
    };
  }
  if (!stream) {
    await response.json();
    return { route, ok: true, status: 200, totalMs: performance.now() - started };
  }
  let ttftMs: number | undefined;
  let error: string | undefined;
  await readEvents(response, (data) => {
    if (data === "[DONE]") return;
    const chunk = JSON.parse(data) as {
      error?: { code?: string };
      choices?: Array<{ delta?: { content?: string } }>;
    };
    if (chunk.error) error = chunk.error.code;
    if (chunk.choices?.[0]?.delta?.content) ttftMs ??= performance.now() - started;
  });
  return {
    route,
    ok: error === undefined,
    status: 200,
    ttftMs,
    totalMs: performance.now() - started,
    ...(error ? { error } : {}),
  };
}

async function client(
  index: number,
  url: string,
  model: string,
  deadline: number,
  samples: Sample[],
) {
  const cookie = await ownerCookie(url);
  const routes: Route[] = ["page", "v1-stream", "page", "v1-json"];
  for (let turn = 0; performance.now() < deadline; turn++) {
    const route = routes[(index + turn) % routes.length] as Route;
    const text = `${SENTENCES[(index + turn) % SENTENCES.length]} (${index}.${turn})`;
    try {
      samples.push(
        route === "page"
          ? await pageTurn(url, cookie, text)
          : await v1Turn(url, model, text, route === "v1-stream"),
      );
    } catch (cause) {
      samples.push({
        route,
        ok: false,
        status: 0,
        totalMs: 0,
        error: cause instanceof Error ? cause.name : String(cause),
      });
    }
    // A refused request (429) waits a little before the next, as a client honouring Retry-After.
    if (samples.at(-1)?.status === 429) await new Promise((r) => setTimeout(r, 1000));
  }
}

/** RSS samples (MB, one per second) as a one-line chart. */
function chart(rss: number[]): string {
  const bars = "▁▂▃▄▅▆▇█";
  const low = Math.min(...rss);
  const high = Math.max(...rss);
  const step = Math.max(1, Math.floor(rss.length / 60));
  const picked = rss.filter((_, i) => i % step === 0);
  return picked
    .map(
      (value) => bars[Math.min(7, Math.floor(((value - low) / Math.max(1, high - low)) * 7.999))],
    )
    .join("");
}

async function main() {
  const modelPath = await benchModelPath();
  log(
    `load: ${CLIENTS} clients for ${DURATION_MS / 60_000} min, replies of at most ${MAX_TOKENS} tokens`,
  );
  const app = await startApp({
    CHAT_MODEL: `local:${modelPath}`,
    CHAT_MAX_OUTPUT_TOKENS: String(MAX_TOKENS),
    CHAT_TEMPERATURE: "0.7",
  });
  const samples: Sample[] = [];
  const rss: number[] = [];
  const pid = app.process.pid ?? 0;
  try {
    // Loaded (and threads measured) before the clock starts.
    while ((await fetch(`${app.url}/health`)).status !== 200)
      await new Promise((r) => setTimeout(r, 200));
    const model =
      ((await (await fetch(`${app.url}/v1/models`)).json()) as { data: Array<{ id: string }> })
        .data[0]?.id ?? "";
    const sampler = setInterval(() => rss.push(rssMb(pid)), 1000);
    const started = performance.now();
    const deadline = started + DURATION_MS;
    const progress = setInterval(
      () =>
        log(
          `  ${Math.round((performance.now() - started) / 1000)} s: ${samples.length} requests, RSS ${Math.round(rss.at(-1) ?? 0)} MB`,
        ),
      30_000,
    );
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => client(i, app.url, model, deadline, samples)),
    );
    const elapsedS = (performance.now() - started) / 1000;
    clearInterval(sampler);
    clearInterval(progress);

    // Every reply the page route acknowledged is stored complete, with the text the client got.
    const acknowledged = samples.flatMap((sample) => (sample.reply ? [sample.reply] : []));
    const db = createClient({ url: pathToFileURL(join(app.dataDir, "chat.db")).href });
    let lost = 0;
    let differing = 0;
    for (const reply of acknowledged) {
      const row = (
        await db.execute({
          sql: "SELECT status, content FROM messages WHERE id = ?",
          args: [reply.id],
        })
      ).rows[0];
      if (row?.status !== "complete") lost++;
      else if (row.content !== reply.text) differing++;
    }
    db.close();

    const routes: Route[] = ["page", "v1-stream", "v1-json"];
    const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "-");
    console.log(
      `\n${samples.length} requests in ${round(elapsedS)} s = ${round(samples.length / elapsedS, 2)} requests/s (${CLIENTS} clients)\n`,
    );
    console.log(
      formatTable(
        ["route", "requests", "ok", "p50 TTFT", "p95 TTFT", "p50 total", "p95 total"],
        routes.map((route) => {
          const mine = samples.filter((sample) => sample.route === route);
          const ok = mine.filter((sample) => sample.ok);
          const ttft = ok.flatMap((sample) => (sample.ttftMs === undefined ? [] : [sample.ttftMs]));
          const total = ok.map((sample) => sample.totalMs);
          return [
            route,
            String(mine.length),
            String(ok.length),
            ms(quantile(ttft, 0.5)),
            ms(quantile(ttft, 0.95)),
            ms(quantile(total, 0.5)),
            ms(quantile(total, 0.95)),
          ];
        }),
      ),
    );
    // The queue's expectation: with every client always waiting on a reply, a turn takes
    // clients / throughput on average (Little's law). A fair queue keeps time to first token
    // below that even at p95; one that let requests starve would not.
    const turnS = CLIENTS / (samples.length / elapsedS);
    const allTtft = samples.flatMap((sample) =>
      sample.ok && sample.ttftMs !== undefined ? [sample.ttftMs] : [],
    );
    const p95TtftS = quantile(allTtft, 0.95) / 1000;
    const fairQueue = p95TtftS <= turnS;
    console.log(
      `\nqueue's expectation: a turn takes ${round(turnS, 2)} s on average (${CLIENTS} clients / ${round(samples.length / elapsedS, 2)} requests/s); p95 TTFT ${round(p95TtftS, 2)} s: ${fairQueue ? "within" : "MISSED"}`,
    );
    const failures = new Map<string, number>();
    for (const sample of samples) {
      if (!sample.ok)
        failures.set(
          `${sample.route}: ${sample.error ?? sample.status}`,
          (failures.get(`${sample.route}: ${sample.error ?? sample.status}`) ?? 0) + 1,
        );
    }
    const refused = samples.filter((sample) => sample.status === 429).length;
    const serverErrors = samples.filter(
      (sample) => sample.status >= 500 || (sample.status === 200 && !sample.ok),
    ).length;
    // Any other refusal means the bench no longer speaks the routes' protocol: its numbers
    // would describe nothing (a page route that changed its request once made every page turn a 400).
    const refusedOtherwise = samples.filter(
      (sample) => sample.status >= 400 && sample.status < 500 && sample.status !== 429,
    ).length;
    console.log(
      `\nqueue full (429): ${refused}; server errors: ${serverErrors}; other refusals (4xx): ${refusedOtherwise}`,
    );
    for (const [kind, count] of failures) console.log(`  ${count} x ${kind}`);
    // "RSS at minute m": the median of that minute's 60 samples. One sample reads wherever the
    // garbage collector's sawtooth happens to be (a single second moved the ratio from 1.03 to
    // 1.13 between runs); the median of the minute is the level it holds.
    const minute = (m: number) => median(rss.slice((m - 1) * 60, m * 60));
    const minutes = Math.max(1, Math.floor(rss.length / 60));
    console.log(
      `\nRSS (MB, 1/s): ${chart(rss)}  min ${Math.round(Math.min(...rss))}, max ${Math.round(Math.max(...rss))}`,
    );
    console.log(
      `RSS by minute (median of its samples): ${Array.from({ length: minutes }, (_, i) => Math.round(minute(i + 1))).join(", ")} MB`,
    );
    console.log(
      `RSS at minute ${minutes} / minute 1 = ${round(minute(minutes) / minute(1), 2)} (target <= 1.1); peak / minute 1 = ${round(Math.max(...rss) / minute(1), 2)}`,
    );
    console.log(
      `acknowledged page replies: ${acknowledged.length}; lost: ${lost}; stored text differing: ${differing}`,
    );

    writeFileSync(
      join(CACHE_DIR, "load.json"),
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: `${cpus().length} x ${cpus()[0]?.model}, load ${loadavg()[0]?.toFixed(2)}`,
          clients: CLIENTS,
          minutes: DURATION_MS / 60_000,
          maxTokens: MAX_TOKENS,
          elapsedS,
          samples: samples.length,
          refused,
          serverErrors,
          lost,
          differing,
          rss,
        },
        null,
        2,
      ),
    );
    if (serverErrors > 0 || lost > 0 || refusedOtherwise > 0 || !fairQueue) process.exitCode = 1;
  } finally {
    await app.stop();
  }
}

await main();
