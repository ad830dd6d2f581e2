import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { seriousViolations } from "../support/axe";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  type ScriptedRequestBody,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { makePdf, makePng } from "../support/test-files";
import { testModelPath } from "../support/test-models";

/**
 * A document too long to go whole, in Debian's Chromium against the built app: its chip says it
 * is being indexed (chunked and embedded by the real local embedding model, stories260K) and then
 * ready; a question whose words are in one page only is answered from that passage, which the
 * reply lists under it as its source (file, page, a line) and whose `[n]` marker opens it in its
 * page; all of it kept across a reload, and axe finds nothing serious. The chat model is a
 * scripted OpenAI-compatible server that cites whatever number the passage was given, and is not
 * named as seeing images: an image sent to it leaves a note under the reply, kept too.
 */

let browser: Browser;
let context: BrowserContext;
let model: ScriptedOpenAIServer;
let app: RunningApp;
let pdfPath: string;
let pngPath: string;

// Short enough for the PDF's 400-pt line: text past the page's edge is not read.
const KEY_SENTENCE = "The brass key of the observatory hides under a floorboard.";
const PAGES = Array.from({ length: 30 }, (_, i) =>
  i === 17
    ? KEY_SENTENCE
    : `On day ${i + 1} Tom and Lily walked to the park and saw a big dog. They played and went home.`,
);

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "chat-sources-"));
  pdfPath = join(dir, "stories.pdf");
  await writeFile(pdfPath, await makePdf(PAGES));
  pngPath = join(dir, "photo.png");
  await writeFile(pngPath, makePng(8, 8));
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  app = await startApp({
    CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`,
    CHAT_EMBEDDING_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
    CHAT_EMBEDDING_THREADS: "1",
    LLAMA_THREADS: "1",
    // Far less than the PDF's ~2,800 characters: it cannot go whole, retrieval picks passages.
    CHAT_FILE_CONTEXT_CHARS: "1200",
  });
  // axe's script is injected without a nonce.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.stop();
  await model?.close();
});

/** Waits for what the server does (reading, embedding) as long as a loaded machine needs. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 60_000 });

/** The number the model was given the key passage under (`[n] The brass key…`), if it was. */
function numberOfKeyPassage(body: ScriptedRequestBody): string | undefined {
  return JSON.stringify(body.messages).match(/\[(\d+)\] The brass key of the observatory/)?.[1];
}

/** A new chat on `on` with the long PDF attached in its composer, and the PDF's chip there. */
async function attachPdf(on: RunningApp): Promise<{ page: Page; chip: Locator }> {
  const page = await context.newPage();
  await page.goto(on.url);
  await page.getByLabel("Files to attach").setInputFiles(pdfPath);
  return { page, chip: page.locator(".composer .file-chip").filter({ hasText: "stories.pdf" }) };
}

describe("sources of a reply", () => {
  test("a long PDF is indexed, then answered from its passage: listed under the reply, opened from its marker, kept after a reload", async () => {
    const { page, chip } = await attachPdf(app);
    // Too long to go whole: indexed in the background, with its state on the chip.
    await poll(() => chip.getAttribute("data-indexing")).toBe("indexing");
    await poll(() => chip.getAttribute("data-indexing")).toBe("ready");
    expect(await chip.locator(".file-details").innerText()).toContain("ready");
    expect(await chip.locator(".file-error").count()).toBe(0);

    model.enqueue((body) => {
      const n = numberOfKeyPassage(body);
      return { reply: [n ? `Under a floorboard [${n}].` : "No passage."] };
    });
    await box(page).fill("Where does the brass key of the observatory hide?");
    await page.keyboard.press("Enter");
    await idle(page);
    const saw = JSON.stringify((model.requests.at(-1) as ScriptedRequestBody).messages);
    const n = numberOfKeyPassage(model.requests.at(-1) as ScriptedRequestBody);
    expect(n).toBeDefined();
    // Passages, not the whole document.
    expect(saw.match(/Tom and Lily/g)?.length ?? 0).toBeLessThan(PAGES.length - 1);

    const checkSources = async () => {
      const reply = lastReply(page);
      await poll(() => reply.innerText()).toContain("Under a floorboard");
      const sources = reply.getByRole("region", { name: "Sources" });
      const source = sources.getByRole("listitem").filter({ hasText: "brass key" });
      await poll(() => source.count()).toBe(1);
      const line = (await source.innerText()).replace(/\s+/g, " ");
      expect(line).toContain("stories.pdf, page 18");
      expect(line).toContain("The brass key of the observatory");

      // The marker in the reply's text opens the passage, marked, in its page's text.
      await reply.getByRole("button", { name: `Source ${n}` }).click();
      const dialog = page.getByRole("dialog", { name: `Source ${n}` });
      await poll(() => dialog.locator("mark").innerText()).toContain(KEY_SENTENCE);
      expect(await dialog.innerText()).toContain("stories.pdf, page 18");
      expect(await seriousViolations(page)).toEqual([]);
      await dialog.getByRole("button", { name: "Close" }).click();
      await poll(() => dialog.count()).toBe(0);

      // So does the source in the list.
      await source.getByRole("button").click();
      await poll(() => dialog.locator("mark").innerText()).toContain(KEY_SENTENCE);
      await dialog.getByRole("button", { name: "Close" }).click();
      expect(await seriousViolations(page)).toEqual([]);
    };
    await checkSources();
    // Stored with the reply: the same after a reload; the file's chip under the question, which
    // this page did not upload now, asks the server and says it is ready.
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/indexing")) asked.push(request.url());
    });
    await page.reload();
    await checkSources();
    const sent = page.locator(".message-files .file-chip").filter({ hasText: "stories.pdf" });
    await poll(() => sent.getAttribute("data-indexing")).toBe("ready");
    expect(await sent.locator(".file-details").innerText()).toContain("ready");
    // Asked once: a ready file is not asked again (the page polls only while a file indexes).
    await page.waitForTimeout(2_500);
    expect(asked).toHaveLength(1);
    await page.close();
  }, 180_000);

  test("an image sent to a model that cannot see: the note under the reply says so, and stays after a reload", async () => {
    const page: Page = await context.newPage();
    await page.goto(app.url);
    await box(page).fill("What colour is it?");
    await page.getByLabel("Files to attach").setInputFiles(pngPath);
    await poll(() =>
      page.locator(".composer .file-chip").filter({ hasText: "photo.png" }).locator("img").count(),
    ).toBe(1);
    model.enqueue({ reply: ["I cannot see it."] });
    await box(page).press("Enter");
    await idle(page);
    const note = page.getByRole("note").filter({ hasText: "This model cannot see images" });
    await poll(() => note.innerText()).toContain("it was told that photo.png was attached");
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();
    await poll(() => note.innerText()).toContain("it was told that photo.png was attached");
    await page.close();
  });
});

describe("a long file that cannot be indexed", () => {
  let unreachable: RunningApp;
  let scripted: ScriptedOpenAIServer;

  beforeAll(async () => {
    scripted = await startScriptedOpenAIServer();
    unreachable = await startApp({
      CHAT_MODEL: `openai-compatible:${scripted.baseURL}#scripted`,
      // Nothing listens on port 9: embedding fails (once the SDK's retries give up).
      CHAT_EMBEDDING_MODEL: "openai-compatible:http://127.0.0.1:9/v1#none",
      CHAT_FILE_CONTEXT_CHARS: "1200",
    });
  }, 120_000);

  afterAll(async () => {
    await unreachable?.stop();
    await scripted?.close();
  });

  test("says why on its chip, under its message after a reload too", async () => {
    const { page, chip } = await attachPdf(unreachable);
    await poll(() => chip.getAttribute("data-indexing")).toBe("failed");
    scripted.enqueue({ reply: ["From its beginning."] });
    await box(page).fill("What is in it?");
    await page.keyboard.press("Enter");
    await idle(page);
    await page.waitForURL(/\/c\/[\w-]+$/);
    await page.reload();
    const sent = page.locator(".message-files .file-chip").filter({ hasText: "stories.pdf" });
    await poll(() => sent.getAttribute("data-indexing")).toBe("failed");
    expect(await sent.locator(".file-error").innerText()).toContain("could not be indexed");
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);
});
