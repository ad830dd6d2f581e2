import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { say } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * An installation that turns accounts on keeps what browsers wrote before: a browser's anonymous
 * conversations are offered to the account it signs up with, and kept in it when accepted.
 */

let browser: Browser;
let model: ScriptedOpenAIServer;

beforeAll(async () => {
  browser = await launchChromium();
  model = await startScriptedOpenAIServer({ decide: () => ({ reply: ["Noted."] }) });
});

afterAll(async () => {
  await browser?.close();
  await model?.close();
});

test("a conversation from before sign-up is claimed by the account", async () => {
  const settings = { CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted` };
  const before = await startApp(settings);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(before.url);
  await say(page, "Written before accounts");
  await before.stop();

  // The same data, now with accounts; the browser keeps its cookies (they are per host, not port).
  const after = await startApp({ ...settings, CHAT_AUTH: "accounts" }, { dataDir: before.dataDir });
  try {
    await page.goto(`${after.url}/sign-up`);
    await page.getByLabel("Name").fill("Ada");
    await page.getByLabel("E-mail").fill("ada@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Make my account" }).click();
    await page.getByText("This browser has 1 conversation from before you signed up").waitFor();
    await page.getByRole("button", { name: "Keep them in my account" }).click();
    await page.waitForURL(`${after.url}/`);
    await page.getByRole("link", { name: "Written before accounts" }).waitFor();

    // Asked once: the offer is gone, and a second account in this browser gets nothing.
    const again = await page.request.get(`${after.url}/api/account/claim`);
    expect(await again.json()).toEqual({ conversations: 0 });
  } finally {
    await context.close();
    await after.stop();
  }
});
