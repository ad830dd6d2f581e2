/**
 * How tall the messages of bench/ui.ts's two seeded conversations are when laid out (not part of
 * the benchmark): the sizes app/globals.css gives a message that `content-visibility: auto` has
 * not laid out yet (`contain-intrinsic-size`) come from here. Per role, at a phone's and a
 * desktop's width; every message laid out (content-visibility switched off for the measurement).
 *
 *   npx tsx --conditions=react-server bench/ui-message-heights.ts [--app-dir <built checkout>]
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { signOwnerId } from "@/lib/session/owner-cookie";
import { launchChromium } from "../tests/support/browser";
import { seedConversation } from "../tests/support/seed-conversation";
import { median, quantile } from "./stats";
import { LONG_ID, OWNER_ID, PAIRS, SECRET, TOOL_PAIRS, TOOLS_ID } from "./ui";
import { startBuiltApp, startMarkerServer } from "./ui-servers";

const { values } = parseArgs({
  options: { "app-dir": { type: "string", default: resolve(import.meta.dirname, "..") } },
});
const appDir = resolve(values["app-dir"] as string);
const dataDir = await mkdtemp(join(tmpdir(), "chat-uiheights-"));
const common = { dataDir, appDir, ownerId: OWNER_ID };
await seedConversation({ ...common, id: LONG_ID, pairs: PAIRS });
await seedConversation({ ...common, id: TOOLS_ID, pairs: TOOL_PAIRS, replies: "tools" });
const server = await startMarkerServer();
const app = await startBuiltApp(
  appDir,
  { CHAT_MODEL: `openai-compatible:${server.baseURL}#scripted`, CHAT_SESSION_SECRET: SECRET },
  { dataDir },
);
const browser = await launchChromium();
try {
  for (const width of [375, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.addCookies([
      { name: "chat_owner", value: await signOwnerId(OWNER_ID, SECRET), url: app.url },
    ]);
    const page = await context.newPage();
    for (const id of [LONG_ID, TOOLS_ID]) {
      await page.goto(`${app.url}/c/${id}`, { waitUntil: "load" });
      const heights = await page.evaluate(() => {
        const items = [...document.querySelectorAll<HTMLElement>("li.message")];
        for (const item of items) item.style.contentVisibility = "visible";
        return items.map((item) => ({
          role: item.dataset.role ?? "?",
          height: item.getBoundingClientRect().height,
        }));
      });
      for (const role of ["user", "assistant"]) {
        const of = heights.filter((h) => h.role === role).map((h) => h.height);
        const px = (x: number) => `${Math.round(x)} px`;
        console.log(
          `${width} px, ${id}, ${role} (n=${of.length}): median ${px(median(of))}, p10 ${px(quantile(of, 0.1))}, p90 ${px(quantile(of, 0.9))}`,
        );
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await app.stop();
  await server.close();
}
