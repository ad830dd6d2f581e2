/**
 * UI benchmarks (issue 3), in Debian's Chromium driven by playwright-core against the built app:
 *   1. token-to-paint: server sends a chunk -> its text painted in the page (200-chunk reply);
 *   2. a 500-message conversation: navigation start -> its latest 60 messages in the DOM and painted;
 *   3. typing while a reply streams in that conversation: keydown -> the new character painted;
 *   4. a 200-message conversation with 50 tool cards and 50 thinking blocks (issue 12): its latest
 *      60 messages painted, and token-to-paint while a reply streams into it.
 * See bench/ui.README.md.
 *
 *   npx tsx --conditions=react-server bench/ui.ts [--app-dir <built checkout>] [--loads 5]
 *       [--only 1,2,3,4] [--json <file>]
 *
 * --app-dir (default: this checkout) must hold a finished `npm run build`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { signOwnerId } from "@/lib/session/owner-cookie";
import { launchChromium } from "../tests/support/browser";
import { seedConversation } from "../tests/support/seed-conversation";
import { median, quantile } from "./stats";
import { type KeyTimes, type PageRecord, pageScript } from "./ui-page";
import {
  type BenchApp,
  epochNow,
  type MarkerServer,
  markedReply,
  startBenchApp,
  startMarkerServer,
} from "./ui-servers";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SECRET = "ui-bench-session-secret-0123456789";
export const OWNER_ID = "uibenchowner0000000000000000000a";
export const LONG_ID = "uibench-long-conversation-500";
/**
 * What "rendered" waits for: the page shows a long conversation's latest 60 messages (all 500
 * are loaded and sent with the next turn; older ones appear on demand; components/chat.tsx).
 */
const RENDERED_MESSAGES = 60;
export const PAIRS = 250;
/** Issue 12's conversation: 100 pairs; every reply has a tool card or a thinking block. */
export const TOOLS_ID = "uibench-tools-conversation-200";
export const TOOL_PAIRS = 100;

const TARGETS = {
  tokenToPaintMedianMs: 50,
  longConversationMs: 1000,
  typingP95Ms: 50,
  toolsConversationMs: 1000,
  toolsTokenToPaintMedianMs: 50,
};

export interface Stats {
  n: number;
  median: number;
  p95: number;
  max: number;
  min: number;
}

function stats(values: number[]): Stats {
  return {
    n: values.length,
    median: median(values),
    p95: quantile(values, 0.95),
    max: values.length ? Math.max(...values) : NaN,
    min: values.length ? Math.min(...values) : NaN,
  };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const fmt = (s: Stats) =>
  `median ${r1(s.median)} · p95 ${r1(s.p95)} · max ${r1(s.max)} ms (n=${s.n})`;
const log = (line: string) => process.stderr.write(`[ui-bench] ${line}\n`);

export function record(page: Page): Promise<PageRecord> {
  return page.evaluate(() => (window as unknown as { __bench: PageRecord }).__bench);
}

/** page clock − node clock, from the round trip with the smallest delay. */
async function clockOffset(page: Page): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < 15; i++) {
    const t0 = epochNow();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = epochNow();
    if (t1 - t0 < best.rtt) best = { offset: inPage - (t0 + t1) / 2, rtt: t1 - t0 };
  }
  return best;
}

export async function waitForMarks(
  page: Page,
  markers: string[],
  timeoutMs: number,
): Promise<void> {
  const last = markers.at(-1) as string;
  await page.waitForFunction(
    (name) => {
      const b = (window as unknown as { __bench: PageRecord }).__bench;
      return b.marks[name]?.paint !== undefined;
    },
    last,
    { timeout: timeoutMs, polling: 100 },
  );
}

interface TokenResult {
  dom: Stats;
  paint: Stats;
  missing: number;
  clock: { offset: number; rtt: number };
}

function tokenLatencies(
  rec: PageRecord,
  server: MarkerServer,
  markers: string[],
  offset: number,
): Omit<TokenResult, "clock"> {
  const dom: number[] = [];
  const paint: number[] = [];
  let missing = 0;
  for (const m of markers) {
    const sent = server.sentAt.get(m);
    const seen = rec.marks[m];
    if (sent === undefined || !seen?.paint) {
      missing++;
      continue;
    }
    dom.push(seen.dom - offset - sent);
    paint.push(seen.paint - offset - sent);
  }
  return { dom: stats(dom), paint: stats(paint), missing };
}

export async function newContext(
  browser: Browser,
  app: BenchApp,
  target: number,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([
    { name: "chat_owner", value: await signOwnerId(OWNER_ID, SECRET), url: app.url },
  ]);
  await context.addInitScript({ content: pageScript(target) });
  return context;
}

export async function sendPrompt(page: Page, text: string): Promise<void> {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

/** Opens a stored conversation and waits until its latest messages are painted and it is hydrated. */
async function openConversation(page: Page, app: BenchApp, id: string): Promise<void> {
  await page.goto(`${app.url}/c/${id}`, { waitUntil: "load" });
  await page.waitForFunction(
    () => {
      const b = (window as unknown as { __bench: PageRecord }).__bench;
      return b.ready?.paint !== undefined && b.hydrated !== undefined;
    },
    undefined,
    { timeout: 60_000 },
  );
}

/**
 * 1. (and 4.) Token-to-paint: `replies` replies of `tokens` chunks every `delayMs`, into a new
 * conversation, or into stored conversation `id` (opened first, and left to settle).
 */
async function benchTokenToPaint(
  browser: Browser,
  app: BenchApp,
  server: MarkerServer,
  options: { replies: number; tokens: number; delayMs: number; id?: string; firstMarker?: number },
): Promise<TokenResult> {
  const context = await newContext(browser, app, options.id ? RENDERED_MESSAGES : 0);
  const page = await context.newPage();
  if (options.id) {
    await openConversation(page, app, options.id);
    // Hydration's long tasks are over before the first token, as for a user who reads first.
    await page.waitForTimeout(500);
  } else {
    await page.goto(app.url, { waitUntil: "networkidle" });
    await page.waitForFunction(
      () => (window as unknown as { __bench: PageRecord }).__bench.hydrated,
    );
  }
  const clock = await clockOffset(page);
  const markers: string[] = [];
  for (let r = 0; r < options.replies; r++) {
    const reply = markedReply(
      options.tokens,
      options.delayMs,
      (options.firstMarker ?? 0) + r * 1000,
    );
    markers.push(...reply.markers);
    server.enqueue(reply);
    await sendPrompt(page, `Reply ${r + 1}: write ${options.tokens} tokens.`);
    await waitForMarks(page, reply.markers, 60_000);
    await page.getByRole("button", { name: "Send Message" }).waitFor({ timeout: 30_000 });
  }
  const result = tokenLatencies(await record(page), server, markers, clock.offset);
  await context.close();
  return { ...result, clock };
}

interface LoadRun {
  responseStart: number;
  domContentLoaded: number;
  load: number;
  fcp: number;
  lcp: number;
  messagesDom: number;
  messagesPainted: number;
  hydrated: number;
  longTaskMs: number;
  longTasks: number;
  transferKB: number;
  messages: number;
}

/** 2. (and 4.) Opens /c/<id> `loads` times (fresh page each time), timed from navigation start. */
async function benchLongConversation(
  browser: Browser,
  app: BenchApp,
  id: string,
  loads: number,
): Promise<LoadRun[]> {
  const runs: LoadRun[] = [];
  const context = await newContext(browser, app, RENDERED_MESSAGES);
  for (let i = 0; i < loads; i++) {
    const page = await context.newPage();
    const lcp: number[] = [];
    await page.goto(`${app.url}/c/${id}`, { waitUntil: "load" });
    await page.waitForFunction(
      () => {
        const b = (window as unknown as { __bench: PageRecord }).__bench;
        return b.ready?.paint !== undefined && b.hydrated !== undefined;
      },
      undefined,
      { timeout: 60_000, polling: 100 },
    );
    // Let the page settle so long tasks after hydration are counted too.
    await page.waitForTimeout(1000);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
      return {
        origin: performance.timeOrigin,
        responseStart: nav.responseStart,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        transfer: performance
          .getEntriesByType("resource")
          .reduce(
            (sum, e) => sum + (e as PerformanceResourceTiming).transferSize,
            nav.transferSize,
          ),
        fcp,
        messages: document.querySelectorAll("ol.messages > li.message").length,
      };
    });
    lcp.push(
      await page.evaluate(
        () =>
          new Promise<number>((done) => {
            new PerformanceObserver((list) => {
              done(list.getEntries().at(-1)?.startTime ?? NaN);
            }).observe({ type: "largest-contentful-paint", buffered: true });
            setTimeout(() => done(NaN), 500);
          }),
      ),
    );
    const rec = await record(page);
    const ready = rec.ready as NonNullable<PageRecord["ready"]>;
    runs.push({
      responseStart: timing.responseStart,
      domContentLoaded: timing.domContentLoaded,
      load: timing.load,
      fcp: timing.fcp,
      lcp: lcp[0] ?? NaN,
      messagesDom: ready.dom - timing.origin,
      messagesPainted: (ready.paint as number) - timing.origin,
      hydrated: (rec.hydrated as number) - timing.origin,
      longTaskMs: rec.longTasks.reduce((s, t) => s + t.duration, 0),
      longTasks: rec.longTasks.length,
      transferKB: timing.transfer / 1024,
      messages: timing.messages,
    });
    await page.close();
  }
  await context.close();
  return runs;
}

interface TypingResult {
  idle: Stats;
  streaming: Stats;
  streamingInput: Stats;
  typedDuringStream: number;
  eventTimingMax: number;
  eventTimingOver50: number;
  longTasksDuringStream: { count: number; totalMs: number; maxMs: number };
  tokens: TokenResult;
  valueOk: boolean;
}

const TYPED = "The quick brown fox jumps over the lazy dog 1234567"; // 50 characters (+1 trimmed)

/** 3. In the long conversation: type 50 characters idle, then 50 while a 300-chunk reply streams. */
async function benchTyping(
  browser: Browser,
  app: BenchApp,
  server: MarkerServer,
  options: { tokens: number; delayMs: number; keyDelayMs: number },
): Promise<TypingResult> {
  const text = TYPED.slice(0, 50);
  const context = await newContext(browser, app, RENDERED_MESSAGES);
  const page = await context.newPage();
  await openConversation(page, app, LONG_ID);
  await page.waitForTimeout(500);
  const clock = await clockOffset(page);
  const box = page.getByRole("textbox", { name: "Message" });
  await box.click();

  const typeKeys = async (): Promise<KeyTimes[]> => {
    await page.evaluate(() => {
      const b = (window as unknown as { __bench: PageRecord }).__bench;
      b.keys = [];
      b.typing = true;
    });
    await page.keyboard.type(text, { delay: options.keyDelayMs });
    await page.waitForTimeout(200);
    return page.evaluate(() => {
      const b = (window as unknown as { __bench: PageRecord }).__bench;
      b.typing = false;
      return b.keys;
    });
  };
  const latencies = (keys: KeyTimes[], field: "paint" | "input") =>
    stats(keys.filter((k) => k[field] !== undefined).map((k) => (k[field] as number) - k.down));

  // Baseline: nothing streaming.
  const idleKeys = await typeKeys();
  await box.fill("");

  const reply = markedReply(options.tokens, options.delayMs, 5000);
  server.enqueue(reply);
  await sendPrompt(page, "Now a long reply, please.");
  // Start typing once the reply is visibly streaming.
  const tenth = reply.markers[10] as string;
  await page.waitForFunction(
    (name) => (window as unknown as { __bench: PageRecord }).__bench.marks[name] !== undefined,
    tenth,
    { timeout: 30_000, polling: 10 },
  );
  await box.focus();
  const eventsBefore = (await record(page)).events.length;
  const streamKeys = await typeKeys();
  await waitForMarks(page, reply.markers, 60_000);
  const rec = await record(page);
  const lastPaint = rec.marks[reply.markers.at(-1) as string]?.paint ?? Infinity;
  const firstKey = streamKeys[0]?.down ?? 0;
  const duringStream = streamKeys.filter((k) => k.down < lastPaint);
  const value = await box.inputValue();
  const events = rec.events.slice(eventsBefore);
  const tasks = rec.longTasks.filter((t) => t.start >= firstKey && t.start <= lastPaint);
  await context.close();
  return {
    idle: latencies(idleKeys, "paint"),
    streaming: latencies(duringStream, "paint"),
    streamingInput: latencies(duringStream, "input"),
    typedDuringStream: duringStream.length,
    eventTimingMax: events.reduce((m, e) => Math.max(m, e.duration), 0),
    eventTimingOver50: events.filter((e) => e.duration > 50).length,
    longTasksDuringStream: {
      count: tasks.length,
      totalMs: tasks.reduce((s, t) => s + t.duration, 0),
      maxMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    },
    tokens: { ...tokenLatencies(rec, server, reply.markers, clock.offset), clock },
    valueOk: value === text,
  };
}

function machine(browserVersion: string) {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
  } catch {}
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync("nproc").toString().trim();
  } catch {}
  return { nproc, cpu, node: process.version, chromium: browserVersion };
}

type LoadStats = Record<keyof LoadRun, Stats>;

/** Medians (and the rest) of each field over the loads. */
function loadStats(runs: LoadRun[]): LoadStats {
  const pick = (f: keyof LoadRun) => stats(runs.map((r) => r[f]));
  return {
    responseStart: pick("responseStart"),
    fcp: pick("fcp"),
    lcp: pick("lcp"),
    domContentLoaded: pick("domContentLoaded"),
    load: pick("load"),
    messagesDom: pick("messagesDom"),
    messagesPainted: pick("messagesPainted"),
    hydrated: pick("hydrated"),
    longTaskMs: pick("longTaskMs"),
    longTasks: pick("longTasks"),
    transferKB: pick("transferKB"),
    messages: pick("messages"),
  };
}

type Row = [string, string, string, boolean];

const tokenResult = (t: TokenResult) =>
  `${r1(t.paint.median)} ms (p95 ${r1(t.paint.p95)}, max ${r1(t.paint.max)}, n=${t.paint.n})`;

const loadResult = (load: LoadStats) =>
  `${Math.round(load.messagesPainted.median)} ms (p95 ${Math.round(load.messagesPainted.p95)}; FCP ${Math.round(load.fcp.median)}, hydrated ${Math.round(load.hydrated.median)} ms)`;

/**
 * 4. Issue 12's conversation: the load of benchmark 2 and the token-to-paint of benchmark 1 (3
 * replies × 200 chunks, 20 ms apart), in 200 messages whose replies carry tool cards and thinking.
 */
async function benchToolsConversation(
  browser: Browser,
  app: BenchApp,
  server: MarkerServer,
  loads: number,
): Promise<{ load: LoadStats; loadRuns: LoadRun[]; tokens: TokenResult; rows: Row[] }> {
  log(`4. ${TOOL_PAIRS * 2}-message conversation with tool cards and thinking: ${loads} loads`);
  const loadRuns = await benchLongConversation(browser, app, TOOLS_ID, loads);
  const load = loadStats(loadRuns);
  for (const [k, v] of Object.entries(load)) log(`   ${k}: ${fmt(v)}`);
  log("   token-to-paint in it: 3 replies × 200 chunks every 20 ms");
  const tokens = await benchTokenToPaint(browser, app, server, {
    replies: 3,
    tokens: 200,
    delayMs: 20,
    id: TOOLS_ID,
    // Markers of their own: `tok<n>` must not repeat within a page.
    firstMarker: 50_000,
  });
  log(`   dom ${fmt(tokens.dom)}; painted ${fmt(tokens.paint)}`);
  const messages = `${TOOL_PAIRS * 2}-message conversation, 50 tool cards + 50 thinking blocks`;
  const rows: Row[] = [
    [
      `4a. ${messages}: navigation → its latest ${RENDERED_MESSAGES} messages painted (median of ${loads})`,
      `≤ ${TARGETS.toolsConversationMs} ms`,
      loadResult(load),
      load.messagesPainted.median <= TARGETS.toolsConversationMs &&
        load.messages.min >= RENDERED_MESSAGES,
    ],
    [
      `4b. token-to-paint, median, streaming into the ${messages} (3 × 200 chunks, 20 ms apart)`,
      `≤ ${TARGETS.toolsTokenToPaintMedianMs} ms`,
      tokenResult(tokens),
      tokens.paint.median <= TARGETS.toolsTokenToPaintMedianMs && tokens.missing === 0,
    ],
  ];
  return { load, loadRuns, tokens, rows };
}

/** Seeds both conversations into a new data directory: the app starts on it afterwards. */
async function seedAll(appDir: string) {
  const { mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const dataDir = await mkdtemp(join(tmpdir(), "chat-uibench-"));
  const common = { dataDir, appDir, ownerId: OWNER_ID };
  const long = await seedConversation({ ...common, id: LONG_ID, pairs: PAIRS });
  log(`seeded ${long.messages} messages, ${Math.round(long.chars / 1024)} KB of text`);
  const tools = await seedConversation({
    ...common,
    id: TOOLS_ID,
    pairs: TOOL_PAIRS,
    replies: "tools",
    title: "Tool calls and thinking (UI benchmark)",
  });
  log(
    `seeded ${tools.messages} messages with ${tools.toolCards} tool cards and ${tools.thinkingBlocks} thinking blocks, ${Math.round(tools.chars / 1024)} KB`,
  );
  return { dataDir, seeded: long, seededTools: tools };
}

export async function runUiBench(argv: string[] = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      "app-dir": { type: "string", default: REPO_ROOT },
      loads: { type: "string", default: "5" },
      // Which benchmarks to run, e.g. `--only 4`; each is independent of the others.
      only: { type: "string", default: "1,2,3,4" },
      json: { type: "string" },
    },
  });
  const appDir = resolve(values["app-dir"] as string);
  if (!existsSync(join(appDir, ".next/BUILD_ID")))
    throw new Error(`no build in ${appDir}: run \`npm run build\` there first`);
  const loads = Number(values.loads);
  const only = new Set((values.only as string).split(",").map((n) => n.trim()));

  const server = await startMarkerServer();
  // Seed first, then start the app on that database.
  const { dataDir, seeded, seededTools } = await seedAll(appDir);
  const app = await startBenchApp(appDir, server, { sessionSecret: SECRET, dataDir });
  const browser = await launchChromium();
  try {
    const info = machine(browser.version());
    log(`app ${app.url} from ${appDir}; ${JSON.stringify(info)}`);

    // Warm-up: the first request of each route compiles nothing in production, but loads modules.
    {
      const context = await newContext(browser, app, RENDERED_MESSAGES);
      const page = await context.newPage();
      await page.goto(`${app.url}/c/${LONG_ID}`, { waitUntil: "networkidle" });
      await page.goto(`${app.url}/c/${TOOLS_ID}`, { waitUntil: "networkidle" });
      await page.goto(app.url, { waitUntil: "networkidle" });
      await context.close();
    }

    const rows: Row[] = [];
    const result: Record<string, unknown> = {
      date: new Date().toISOString(),
      machine: info,
      seeded,
      seededTools,
    };

    if (only.has("1")) {
      log("1. token-to-paint: 3 replies × 200 chunks every 20 ms");
      const tokens = await benchTokenToPaint(browser, app, server, {
        replies: 3,
        tokens: 200,
        delayMs: 20,
      });
      log(
        `   dom ${fmt(tokens.dom)}; painted ${fmt(tokens.paint)}; clock offset ${r1(tokens.clock.offset)} ms (rtt ${r1(tokens.clock.rtt)})`,
      );
      result.tokens = tokens;
      rows.push([
        "1. token-to-paint, median (200-chunk replies, 20 ms apart)",
        `≤ ${TARGETS.tokenToPaintMedianMs} ms`,
        tokenResult(tokens),
        tokens.paint.median <= TARGETS.tokenToPaintMedianMs && tokens.missing === 0,
      ]);
    }

    if (only.has("2")) {
      log(`2. ${PAIRS * 2}-message conversation: ${loads} loads`);
      const runs = await benchLongConversation(browser, app, LONG_ID, loads);
      const load = loadStats(runs);
      for (const [k, v] of Object.entries(load)) log(`   ${k}: ${fmt(v)}`);
      Object.assign(result, { load, loadRuns: runs });
      rows.push([
        `2. ${PAIRS * 2}-message conversation: navigation → its latest ${RENDERED_MESSAGES} messages painted (median of ${loads})`,
        `< ${TARGETS.longConversationMs} ms`,
        `${Math.round(load.messagesPainted.median)} ms (hydrated ${Math.round(load.hydrated.median)} ms)`,
        load.messagesPainted.median < TARGETS.longConversationMs &&
          load.messages.min >= RENDERED_MESSAGES,
      ]);
    }

    if (only.has("3")) {
      log("3. typing 50 characters while a 300-chunk reply streams every 15 ms");
      const typing = await benchTyping(browser, app, server, {
        tokens: 300,
        delayMs: 15,
        keyDelayMs: 40,
      });
      log(
        `   idle ${fmt(typing.idle)}; streaming ${fmt(typing.streaming)} (${typing.typedDuringStream} keys during the stream, value ok: ${typing.valueOk})`,
      );
      log(`   tokens in the long conversation: painted ${fmt(typing.tokens.paint)}`);
      result.typing = typing;
      rows.push([
        "3. keystroke → painted, p95, while a 300-chunk reply streams (500 messages)",
        `≤ ${TARGETS.typingP95Ms} ms`,
        `${r1(typing.streaming.p95)} ms (median ${r1(typing.streaming.median)}, max ${r1(typing.streaming.max)}, n=${typing.streaming.n})`,
        typing.streaming.p95 <= TARGETS.typingP95Ms &&
          typing.valueOk &&
          typing.typedDuringStream >= 45,
      ]);
    }

    if (only.has("4")) {
      const { rows: toolRows, ...tools } = await benchToolsConversation(
        browser,
        app,
        server,
        loads,
      );
      result.tools = tools;
      rows.push(...toolRows);
    }

    const table = [
      "| Benchmark | Target | Result | |",
      "| --- | --- | --- | --- |",
      ...rows.map(
        ([what, target, result, ok]) =>
          `| ${what} | ${target} | ${result} | ${ok ? "pass" : "FAIL"} |`,
      ),
    ].join("\n");
    console.log(table);
    result.pass = rows.every((r) => r[3]);
    if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
    return result as { pass: boolean };
  } finally {
    await browser.close();
    await app.stop();
    await server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runUiBench().then(
    (result) => process.exit(result.pass ? 0 : 1),
    (error) => {
      console.error(error);
      process.exit(2);
    },
  );
}
