import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, messages, read, say } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * A turn is one request: the reply's stream carries what the page shows around it (the versions
 * of the path, the sidebar's entry), so nothing is asked after a reply. Counted in Chromium for a
 * message, an edit, a regenerate, a participant's Continue, and a message nobody answers. Only the
 * page's own requests count (fetches, server actions); Next's prefetch of a sidebar link does not,
 * nor the poll of `GET /health` that shows a local model's download or load until the page has
 * seen it ready (components/use-model-status.ts).
 * `APP_DIR` runs the same counts against another built checkout (docs/request-counts.md).
 */

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;

beforeAll(async () => {
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  app = await startApp(
    { CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted` },
    process.env.APP_DIR ? { appDir: process.env.APP_DIR } : {},
  );
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await model?.close();
  await browser?.close();
});

beforeEach(() => model.reset());

/** The page's own requests made while `action` runs and for a moment after the page is idle. */
async function requestsDuring(page: Page, action: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const record = (request: Request) => {
    const url = new URL(request.url());
    if (url.origin !== app.url) return;
    if (!["fetch", "xhr"].includes(request.resourceType())) return;
    if (request.headers()["next-router-prefetch"] || url.pathname === "/health") return;
    const action = request.headers()["next-action"] ? " (server action)" : "";
    seen.push(`${request.method()} ${url.pathname}${action}`);
  };
  page.on("request", record);
  await action();
  await idle(page);
  // Whatever a finished turn still asks for goes out right after it.
  await page.waitForTimeout(1000);
  page.off("request", record);
  return seen;
}

async function open(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(app.url);
  return page;
}

const seen: Record<string, string[]> = {};
afterAll(() => console.log(`requests per action: ${JSON.stringify(seen, null, 2)}`));

test("a message, an edit and a regenerate are one request each; the page still updates", async () => {
  const page = await open();
  model.enqueue({ reply: ["First answer."] });
  const sent = await requestsDuring(page, async () => {
    await box(page).fill("Count my requests");
    await page.keyboard.press("Enter");
  });
  seen.message = sent;
  expect.soft(sent).toEqual(["POST /api/chat"]);
  // The sidebar lists the new conversation by its title without asking for the list again.
  await page
    .getByRole("navigation", { name: "Conversations" })
    .getByRole("link", { name: "Count my requests" })
    .waitFor();

  model.enqueue({ reply: ["Second answer."] });
  const regenerated = await requestsDuring(page, () =>
    lastReply(page).getByRole("button", { name: "Regenerate" }).click(),
  );
  seen.regenerate = regenerated;
  expect.soft(regenerated).toEqual(["POST /api/chat"]);
  await expect.poll(() => lastReply(page).locator(".version-place").innerText()).toBe("2 / 2");

  model.enqueue({ reply: ["Answer to the edit."] });
  const edited = await requestsDuring(page, async () => {
    await messages(page).first().getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Edit message").fill("Count them again");
    await page.getByRole("button", { name: "Save & Send" }).click();
  });
  seen.edit = edited;
  expect.soft(edited).toEqual(["POST /api/chat"]);
  await expect
    .poll(() => messages(page).first().locator(".version-place").innerText())
    .toBe("2 / 2");
  expect(await read(lastReply(page))).toContain("Answer to the edit.");
  await page.close();
});

test("a participant's Continue is one request and a reply of its own; nobody answering makes none", async () => {
  const page = await open();
  model.enqueue({ reply: ["Hello from the assistant."] });
  await say(page, "Hello everyone");
  // A second participant, and the manual order, through Settings.
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Add participant" }).click();
  await page.getByLabel("Name", { exact: true }).last().fill("Bob");
  await page.getByLabel("Who answers when nobody is named").selectOption("manual");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Saved.").waitFor();

  model.enqueue({ reply: ["Bob here."] });
  const continued = await requestsDuring(page, () =>
    page.getByRole("button", { name: "Continue as Bob" }).click(),
  );
  seen.continue = continued;
  expect.soft(continued).toEqual(["POST /api/chat"]);
  await expect.poll(() => messages(page).count()).toBe(3);
  expect(await read(lastReply(page))).toContain("Bob here.");

  const unanswered = await requestsDuring(page, async () => {
    await box(page).fill("Nobody needs to answer this");
    await page.keyboard.press("Enter");
  });
  seen.noReply = unanswered;
  expect.soft(unanswered).toEqual(["POST /api/chat"]);
  await expect.poll(() => messages(page).count()).toBe(4);
  expect(await read(messages(page).last())).toContain("Nobody needs to answer this");
  await page.close();
});
