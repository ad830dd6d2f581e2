/**
 * Where the time of bench/ui.ts goes (not part of the benchmark): while a 300-chunk reply streams,
 * Chromium's own counters (script, style, layout) and a CPU profile's top functions, in a new
 * conversation, the 500-message one and the one with tool cards and thinking (issue 12); the
 * server's time to first byte of /c/<id>; and what opening each stored conversation costs the
 * browser (the same counters from navigation to hydrated, and the size of the DOM).
 *
 *   npx tsx --conditions=react-server bench/ui-profile.ts [--app-dir <built checkout>]
 */
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, CDPSession, Page } from "playwright-core";
import { signOwnerId } from "@/lib/session/owner-cookie";
import { launchChromium } from "../tests/support/browser";
import { seedConversation } from "../tests/support/seed-conversation";
import { median } from "./stats";
import {
  LONG_ID,
  newContext,
  OWNER_ID,
  PAIRS,
  SECRET,
  sendPrompt,
  TOOL_PAIRS,
  TOOLS_ID,
  waitForMarks,
} from "./ui";
import type { PageRecord } from "./ui-page";
import {
  type BenchApp,
  type MarkerServer,
  markedReply,
  startBenchApp,
  startMarkerServer,
} from "./ui-servers";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

async function profileStream(
  browser: Browser,
  app: BenchApp,
  server: MarkerServer,
  path: string,
  first: number,
) {
  const context = await newContext(browser, app, path === "/" ? 0 : PAIRS * 2);
  const page: Page = await context.newPage();
  await page.goto(`${app.url}${path}`, { waitUntil: "load" });
  await page.waitForFunction(() => (window as unknown as { __bench: PageRecord }).__bench.hydrated);
  await page.waitForTimeout(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  const metrics = async () =>
    Object.fromEntries(
      ((await cdp.send("Performance.getMetrics")).metrics as { name: string; value: number }[]).map(
        (m) => [m.name, m.value],
      ),
    );
  const reply = markedReply(300, 15, first);
  server.enqueue(reply);
  const before = await metrics();
  await cdp.send("Profiler.start");
  await sendPrompt(page, "A long reply, please.");
  await waitForMarks(page, reply.markers, 60_000);
  const { profile } = (await cdp.send("Profiler.stop")) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  const after = await metrics();
  const delta = (k: string) => Math.round(((after[k] ?? 0) - (before[k] ?? 0)) * 1000);
  const counters = {
    taskMs: delta("TaskDuration"),
    scriptMs: delta("ScriptDuration"),
    styleMs: delta("RecalcStyleDuration"),
    layoutMs: delta("LayoutDuration"),
    layouts: (after.LayoutCount ?? 0) - (before.LayoutCount ?? 0),
    styles: (after.RecalcStyleCount ?? 0) - (before.RecalcStyleCount ?? 0),
    nodes: after.Nodes,
  };
  // Self time per function.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").at(-1)}:${f.lineNumber}:${f.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  await context.close();
  return { counters, top };
}

type Counters = Record<string, number>;

/** Chromium's cumulative counters for the page (seconds for the durations). */
async function countersOf(cdp: CDPSession): Promise<Counters> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/**
 * Opening /c/<id> `loads` times (fresh page each, scripts cached): the main thread's time by kind
 * from navigation to hydrated (+ 500 ms), the DOM it built, and when the latest messages were
 * painted. Medians. Which of style, layout or script grows is what tells two pages apart.
 */
async function profileLoad(browser: Browser, app: BenchApp, id: string, loads: number) {
  const context = await newContext(browser, app, 60);
  const runs: Counters[] = [];
  for (let i = 0; i <= loads; i++) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(`${app.url}/c/${id}`, { waitUntil: "load" });
    await page.waitForFunction(
      () => {
        const b = (window as unknown as { __bench: PageRecord }).__bench;
        return b.ready?.paint !== undefined && b.hydrated !== undefined;
      },
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(500);
    const c = await countersOf(cdp);
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    const dom = await page.evaluate(() => {
      const b = (window as unknown as { __bench: PageRecord }).__bench;
      return {
        elements: document.getElementsByTagName("*").length,
        details: document.querySelectorAll("details").length,
        pre: document.querySelectorAll("pre").length,
        htmlKB: document.documentElement.outerHTML.length / 1024,
        readyPaintMs: (b.ready?.paint ?? NaN) - performance.timeOrigin,
        hydratedMs: (b.hydrated ?? NaN) - performance.timeOrigin,
      };
    });
    await page.close();
    // The first load fetches the scripts: left out, like a warm-up.
    if (i === 0) continue;
    runs.push({
      taskMs: (c.TaskDuration ?? 0) * 1000,
      scriptMs: (c.ScriptDuration ?? 0) * 1000,
      styleMs: (c.RecalcStyleDuration ?? 0) * 1000,
      layoutMs: (c.LayoutDuration ?? 0) * 1000,
      layouts: c.LayoutCount ?? 0,
      nodes: c.Nodes ?? 0,
      ...dom,
    });
  }
  await context.close();
  const keys = Object.keys(runs[0] ?? {});
  return Object.fromEntries(keys.map((k) => [k, Math.round(median(runs.map((r) => r[k] ?? NaN)))]));
}

async function main() {
  const { values } = parseArgs({
    options: { "app-dir": { type: "string", default: resolve(".") } },
  });
  const appDir = resolve(values["app-dir"] as string);
  const server = await startMarkerServer();
  const dataDir = await mkdtemp(join(tmpdir(), "chat-uibench-"));
  await seedConversation({ dataDir, appDir, ownerId: OWNER_ID, id: LONG_ID, pairs: PAIRS });
  await seedConversation({
    dataDir,
    appDir,
    ownerId: OWNER_ID,
    id: TOOLS_ID,
    pairs: TOOL_PAIRS,
    replies: "tools",
  });
  const app = await startBenchApp(appDir, server, { sessionSecret: SECRET, dataDir });
  const browser = await launchChromium();
  try {
    const cookie = `chat_owner=${await signOwnerId(OWNER_ID, SECRET)}`;
    for (let i = 0; i < 8; i++) {
      // Alternately, so that both see the same load of the machine.
      const id = i % 2 === 0 ? LONG_ID : TOOLS_ID;
      const t0 = performance.now();
      const response = await fetch(`${app.url}/c/${id}`, { headers: { cookie } });
      const reader = response.body?.getReader();
      const first = await reader?.read();
      const t1 = performance.now();
      let bytes = first?.value?.length ?? 0;
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
      }
      console.log(
        `GET /c/${id}: first byte ${Math.round(t1 - t0)} ms, whole ${Math.round(performance.now() - t0)} ms, ${Math.round(bytes / 1024)} KB`,
      );
    }
    for (const [label, path, first] of [
      ["new conversation", "/", 10_000],
      ["500-message conversation", `/c/${LONG_ID}`, 20_000],
      ["200-message conversation with tool cards and thinking", `/c/${TOOLS_ID}`, 30_000],
    ] as const) {
      const result = await profileStream(browser, app, server, path, first);
      console.log(`\n== ${label}: 300 chunks, 15 ms apart`);
      console.log(JSON.stringify(result.counters));
      for (const [name, ms] of result.top) {
        console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
        const at = /(\S+\.js):(\d+):(\d+)$/.exec(name);
        if (at) {
          try {
            const lines = readFileSync(
              join(appDir, ".next/static/chunks", at[1] as string),
              "utf8",
            ).split("\n");
            const line = lines[Number(at[2])] ?? "";
            console.log(
              `            ${line.slice(Number(at[3]), Number(at[3]) + 160).replaceAll("\n", " ")}`,
            );
          } catch {}
        }
      }
    }
    for (const [label, id] of [
      ["500-message conversation", LONG_ID],
      ["200-message conversation with tool cards and thinking", TOOLS_ID],
    ] as const) {
      console.log(`\n== opening the ${label}: medians of 5 loads`);
      console.log(JSON.stringify(await profileLoad(browser, app, id, 5)));
    }
  } finally {
    await browser.close();
    await app.stop();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
