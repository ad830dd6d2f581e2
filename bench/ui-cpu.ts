/**
 * The page's main-thread CPU time (Chromium's thread clock, not the wall clock), for comparing two
 * builds on a machine that others load: a task that waits for a core does not count, so unlike
 * bench/ui.ts's latencies these numbers hardly move with the load. Not a benchmark with targets.
 * In the 500-message conversation of bench/ui.ts:
 *   - typing 50 characters with nothing streaming: CPU per keystroke;
 *   - a 300-chunk reply streaming in (15 ms apart) while 50 characters are typed: CPU in all;
 *   - opening it (5 loads after one to fill the cache): CPU from navigation to hydrated + 500 ms.
 *
 *   npx tsx --conditions=react-server bench/ui-cpu.ts [--app-dir <built checkout>]
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../tests/support/browser";
import { seedConversation } from "../tests/support/seed-conversation";
import { median } from "./stats";
import { LONG_ID, newContext, OWNER_ID, PAIRS, SECRET, waitForMarks } from "./ui";
import type { PageRecord } from "./ui-page";
import { markedReply, startBenchApp, startMarkerServer } from "./ui-servers";

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/** Runs `work` under a trace; returns the CPU milliseconds of the renderers' main threads. */
async function mainThreadCpu(browser: Browser, page: Page, work: () => Promise<void>) {
  await browser.startTracing(page, { categories: ["toplevel"] });
  await work();
  const trace = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: TraceEvent[];
  };
  const main = new Set(
    trace.traceEvents
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  let micros = 0;
  for (const e of trace.traceEvents) {
    if (e.ph !== "X" || e.tdur === undefined || !main.has(`${e.pid}:${e.tid}`)) continue;
    // Top-level tasks only: nested ones are inside their time already.
    if (e.name === "ThreadControllerImpl::RunTask") micros += e.tdur;
  }
  return micros / 1000;
}

const hydrated = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { __bench: PageRecord }).__bench.hydrated, {
    timeout: 60_000,
  });

const { values } = parseArgs({
  options: { "app-dir": { type: "string", default: resolve(import.meta.dirname, "..") } },
});
const appDir = resolve(values["app-dir"] as string);
const dataDir = await mkdtemp(join(tmpdir(), "chat-uicpu-"));
await seedConversation({ dataDir, appDir, ownerId: OWNER_ID, id: LONG_ID, pairs: PAIRS });
const server = await startMarkerServer();
const app = await startBenchApp(appDir, server, { sessionSecret: SECRET, dataDir });
const browser = await launchChromium();
const round = (x: number) => Math.round(x * 10) / 10;
try {
  const context = await newContext(browser, app, PAIRS * 2);
  const page = await context.newPage();
  await page.goto(`${app.url}/c/${LONG_ID}`, { waitUntil: "load" });
  await hydrated(page);
  await page.waitForTimeout(1000);
  const box = page.getByRole("textbox", { name: "Message" });
  await box.click();

  const text = "the quick brown fox jumps over the lazy dog again.";
  const typing = await mainThreadCpu(browser, page, async () => {
    await page.keyboard.type(text, { delay: 40 });
  });
  console.log(`typing, nothing streaming: ${round(typing / text.length)} ms CPU per keystroke`);
  await box.fill("");

  const reply = markedReply(300, 15, 20_000);
  server.enqueue(reply);
  await box.fill("A long reply, please.");
  const streaming = await mainThreadCpu(browser, page, async () => {
    await box.press("Enter");
    await page.waitForTimeout(300);
    await page.keyboard.type(text, { delay: 40 });
    await waitForMarks(page, reply.markers, 60_000);
  });
  console.log(`a 300-chunk reply streaming in while 50 keys are typed: ${round(streaming)} ms CPU`);
  await context.close();

  const opening: number[] = [];
  const loads = await newContext(browser, app, 60);
  for (let i = 0; i <= 5; i++) {
    const page = await loads.newPage();
    const ms = await mainThreadCpu(browser, page, async () => {
      await page.goto(`${app.url}/c/${LONG_ID}`, { waitUntil: "load" });
      await hydrated(page);
      await page.waitForTimeout(500);
    });
    await page.close();
    if (i > 0) opening.push(ms);
  }
  await loads.close();
  console.log(
    `opening the 500-message conversation: ${round(median(opening))} ms CPU (median of 5; ${opening.map(round).join(", ")})`,
  );
} finally {
  await browser.close();
  await app.stop();
  await server.close();
}
