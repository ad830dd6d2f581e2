import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { signOwnerId } from "@/lib/session/owner-cookie";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, messages } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { seedConversation } from "../support/seed-conversation";

/**
 * Where a long conversation is scrolled (components/use-stick-to-bottom.ts, `.scroller` in
 * app/globals.css): it opens on its newest message, before any script runs too; it follows a
 * reply while at the bottom, leaves the reader where they are once they scroll up, and "Show
 * earlier messages" moves nothing in view.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SECRET = "scrolling-test-session-secret-0123456789";
const OWNER_ID = "scrollingtestowner00000000000000";
const ID = "scrolling-test-conversation";
/** 80 messages: the page shows the latest 60 (components/chat.tsx) and offers the other 20. */
const PAIRS = 40;

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;

beforeAll(async () => {
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  const dataDir = await mkdtemp(join(tmpdir(), "chat-scrolling-"));
  // Replies of realistic Markdown, each after a tool card or a Thinking block (tests/support/seed-conversation.ts).
  await seedConversation({
    dataDir,
    appDir: repoRoot,
    ownerId: OWNER_ID,
    id: ID,
    pairs: PAIRS,
    replies: "tools",
  });
  app = await startApp(
    { CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`, CHAT_SESSION_SECRET: SECRET },
    { dataDir },
  );
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

beforeEach(() => model.reset());

async function ownersContext(options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addCookies([
    { name: "chat_owner", value: await signOwnerId(OWNER_ID, SECRET), url: app.url },
  ]);
  return context;
}

const scroller = (page: Page) => page.locator(".scroller");

/** Where an element is relative to the scroller's visible box. */
async function placeOf(element: Locator, page: Page) {
  const [item, view] = await Promise.all([element.boundingBox(), scroller(page).boundingBox()]);
  if (!item || !view) throw new Error("not laid out");
  return {
    top: item.y - view.y,
    bottom: item.y + item.height - view.y,
    inView: item.y < view.y + view.height && item.y + item.height > view.y,
    /** Its bottom is in the visible box (a pixel's rounding allowed). */
    bottomInView: item.y + item.height <= view.y + view.height + 1 && item.y + item.height > view.y,
  };
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const textarea = document.querySelector('textarea[aria-label="Message"]');
    return textarea !== null && Object.keys(textarea).some((k) => k.startsWith("__reactFiber"));
  });
}

/** Scrolls the conversation with the mouse wheel, as a person would. */
async function wheel(page: Page, deltaY: number) {
  const view = await scroller(page).boundingBox();
  if (!view) throw new Error("no scroller");
  await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
  await page.mouse.wheel(0, deltaY);
}

/** Waits for the browser to lay out and paint `count` frames. */
async function frames(page: Page, count: number) {
  await page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await new Promise(requestAnimationFrame);
  }, count);
}

const distanceFromBottom = (page: Page) =>
  scroller(page).evaluate((element) => Math.max(0, -element.scrollTop));

describe("a long conversation", () => {
  test("opens on its newest message without any script", async () => {
    const context: BrowserContext = await ownersContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/c/${ID}`);
    expect(await messages(page).count()).toBe(60);
    expect((await placeOf(messages(page).last(), page)).bottomInView).toBe(true);
    expect((await placeOf(messages(page).first(), page)).inView).toBe(false);
    expect(await page.getByRole("button", { name: "Show 20 earlier messages" }).isVisible()).toBe(
      true,
    );
    await context.close();
  });

  test("opens on its newest message; scrolled up, the reader stays put while a reply streams; at the bottom it follows", async () => {
    const context = await ownersContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/c/${ID}`);
    await hydrated(page);
    expect((await placeOf(messages(page).last(), page)).bottomInView).toBe(true);
    expect(await distanceFromBottom(page)).toBe(0);

    // A long reply: 80 paragraphs, 80 ms apart (about 6.5 s).
    const chunks = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} of the reply.\n\n`);
    model.enqueue({ reply: chunks, delayMs: 80 });
    await box(page).fill("Tell me a long story");
    await page.keyboard.press("Enter");
    // Waits past expect.poll's 1 s: on a loaded machine the turn takes longer to start. The reply
    // still streams for seconds after either paragraph.
    await expect
      .poll(() => lastReply(page).innerText(), { timeout: 5000 })
      .toContain("Paragraph 5 ");

    // While it streams at the bottom, the page follows it.
    await expect
      .poll(() => lastReply(page).innerText(), { timeout: 3000 })
      .toContain("Paragraph 15 ");
    expect((await placeOf(lastReply(page), page)).bottomInView).toBe(true);

    // The reader scrolls up to read an earlier message: it stays where it is while the reply grows.
    await wheel(page, -1500);
    await expect.poll(() => distanceFromBottom(page)).toBeGreaterThan(1000);
    const reading = messages(page).nth(45);
    await reading.scrollIntoViewIfNeeded();
    // The messages that the jump brings into view are laid out only now (content-visibility: auto),
    // in the next frames; their placeholders have a message's usual height, so the one read stays
    // in view. From here it must not move while the reply grows.
    await frames(page, 3);
    const before = await placeOf(reading, page);
    expect(before.inView).toBe(true);
    const grownFrom = (await lastReply(page).innerText()).length;
    await expect
      .poll(async () => (await lastReply(page).innerText()).length, { timeout: 3000 })
      .toBeGreaterThan(grownFrom + 300);
    const after = await placeOf(reading, page);
    expect(Math.abs(after.top - before.top)).toBeLessThanOrEqual(2);
    expect((await placeOf(lastReply(page), page)).bottomInView).toBe(false);

    // Back at the bottom, it follows the reply again to its end.
    await wheel(page, 100_000);
    await expect.poll(() => distanceFromBottom(page)).toBeLessThan(80);
    await idle(page);
    expect(await lastReply(page).innerText()).toContain("Paragraph 79 of the reply.");
    await expect.poll(() => distanceFromBottom(page)).toBe(0);
    expect((await placeOf(lastReply(page), page)).bottomInView).toBe(true);
    await context.close();
  });

  test("Show earlier messages adds them above, and what was in view stays in view", async () => {
    const context = await ownersContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/c/${ID}`);
    await hydrated(page);
    // The test before may have added a turn.
    const button = page.getByRole("button", { name: /^Show \d+ earlier messages$/ });
    await button.scrollIntoViewIfNeeded();
    const earlier = Number((await button.innerText()).match(/\d+/)?.[0]);
    const oldest = messages(page).first();
    // textContent: the text of a message out of view is not rendered (content-visibility: auto).
    const oldestText = await oldest.textContent();
    const before = await placeOf(oldest, page);
    expect(before.inView).toBe(true);

    await button.click();
    await expect.poll(() => messages(page).count()).toBe(earlier + 60);
    const same = messages(page).nth(earlier);
    expect(await same.textContent()).toBe(oldestText);
    const after = await placeOf(same, page);
    expect(Math.abs(after.top - before.top)).toBeLessThanOrEqual(2);
    // The conversation's first message is above, reached by scrolling up.
    expect((await placeOf(messages(page).first(), page)).inView).toBe(false);
    await messages(page).first().scrollIntoViewIfNeeded();
    expect((await placeOf(messages(page).first(), page)).inView).toBe(true);
    await context.close();
  });
});
