/**
 * Where the time of bench/ui.ts goes (not part of the benchmark): while a 300-chunk reply streams,
 * Chromium's own counters (script, style, layout) and a CPU profile's top functions, in the
 * 500-message conversation and in a new one; and the server's time to first byte of /c/<id>.
 *
 *   npx tsx --conditions=react-server bench/ui-profile.ts [--app-dir <built checkout>]
 */
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, Page } from "playwright-core";
import { signOwnerId } from "@/lib/session/owner-cookie";
import { launchChromium } from "../tests/support/browser";
import { LONG_ID, newContext, OWNER_ID, PAIRS, SECRET, sendPrompt, waitForMarks } from "./ui";
import type { PageRecord } from "./ui-page";
import { seedConversation } from "./ui-seed";
import {
  type BenchApp,
  type MarkerServer,
  markedReply,
  startBuiltApp,
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

async function main() {
  const { values } = parseArgs({
    options: { "app-dir": { type: "string", default: resolve(".") } },
  });
  const appDir = resolve(values["app-dir"] as string);
  const server = await startMarkerServer();
  const dataDir = await mkdtemp(join(tmpdir(), "chat-uibench-"));
  await seedConversation({ dataDir, appDir, ownerId: OWNER_ID, id: LONG_ID, pairs: PAIRS });
  const app = await startBuiltApp(
    appDir,
    {
      CHAT_MODEL: `openai-compatible:${server.baseURL}#scripted`,
      CHAT_SESSION_SECRET: SECRET,
      CHAT_MAX_MESSAGES: "2000",
      CHAT_MAX_BODY_BYTES: "67108864",
    },
    { dataDir },
  );
  const browser = await launchChromium();
  try {
    const cookie = `chat_owner=${await signOwnerId(OWNER_ID, SECRET)}`;
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      const response = await fetch(`${app.url}/c/${LONG_ID}`, { headers: { cookie } });
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
        `GET /c/<id>: first byte ${Math.round(t1 - t0)} ms, whole ${Math.round(performance.now() - t0)} ms, ${Math.round(bytes / 1024)} KB`,
      );
    }
    for (const [label, path, first] of [
      ["new conversation", "/", 10_000],
      ["500-message conversation", `/c/${LONG_ID}`, 20_000],
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
