/**
 * The JavaScript the chat page `/` sends: every script the browser loads for it, summed, as
 * bytes on disk and gzipped (what a compressing proxy would send). A real Chromium opens the
 * built app, so that only the chunks the page really loads count (not every chunk of the build).
 *
 *   npm run build && npm run bench:page-js                 # this checkout
 *   npm run bench:page-js -- --app-dir ../other-checkout   # another built checkout (e.g. main)
 *
 * Results are recorded in docs/ui-benchmarks.md.
 */
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { startApp } from "../tests/support/app-server";
import { launchChromium } from "../tests/support/browser";
import { startScriptedOpenAIServer } from "../tests/support/scripted-openai-server";
import { formatTable } from "./stats";

const appDirArg = process.argv.indexOf("--app-dir");
const appDir = appDirArg > 0 ? resolve(process.argv[appDirArg + 1] ?? ".") : undefined;
const path = process.argv.includes("--path")
  ? (process.argv[process.argv.indexOf("--path") + 1] ?? "/")
  : "/";

const model = await startScriptedOpenAIServer();
const app = await startApp(
  { CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted` },
  appDir ? { appDir } : {},
);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const scripts = new Map<string, Buffer>();
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      response.body().then(
        (body) => void scripts.set(new URL(response.url()).pathname, body),
        () => undefined,
      ),
    );
  });
  await page.goto(`${app.url}${path}`, { waitUntil: "networkidle" });
  await Promise.all(pending);
  const rows = [...scripts].map(([name, body]) => ({
    name,
    raw: body.length,
    gzip: gzipSync(body).length,
  }));
  rows.sort((a, b) => b.raw - a.raw);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip }), {
    raw: 0,
    gzip: 0,
  });
  console.log(`JavaScript loaded by ${path} (${appDir ?? "this checkout"})\n`);
  console.log(
    formatTable(
      ["chunk", "KiB", "KiB gzip"],
      [
        ...rows.map((row) => [
          row.name.replace(/^\/_next\/static\/chunks\//, ""),
          kb(row.raw),
          kb(row.gzip),
        ]),
        [`total (${rows.length} scripts)`, kb(total.raw), kb(total.gzip)],
      ],
    ),
  );
} finally {
  await browser.close();
  await app.stop();
  await model.close();
}
