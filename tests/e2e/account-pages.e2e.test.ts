import { mkdir } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { seriousViolations } from "../support/axe";
import { launchChromium } from "../support/browser";
import { say } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * The pages around the chat with accounts (CHAT_AUTH=accounts) — sign-in, sign-up, a new
 * password, the account and the admin page — at a phone's and a laptop's width in the light and
 * the dark theme: each photographed into test-results/screenshots/ (account-<width>-<theme>-
 * <page>.png) and checked by axe-core (no serious or critical violation), none wider than the
 * screen; the admin's delete asks in a dialog first.
 */

const SCREENSHOTS = "test-results/screenshots";
const WIDTHS = [375, 1280] as const;
const THEMES = ["light", "dark"] as const;

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;
/** The admin's cookies, for a fresh context at each size. */
let admin: Awaited<ReturnType<BrowserContext["storageState"]>>;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  model = await startScriptedOpenAIServer({ decide: () => ({ reply: ["Hello."] }) });
  app = await startApp({
    CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`,
    CHAT_AUTH: "accounts",
  });
  // The first account is the admin; with a key, an invite, a second person and some usage,
  // every table on the two pages has rows.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, "Ada", "ada@example.com");
  await say(page, "Hello");
  await page.goto(`${app.url}/account`);
  await page.getByLabel("Name").fill("laptop");
  await page.getByRole("button", { name: "Make a key" }).click();
  await page.getByRole("cell", { name: "laptop", exact: true }).waitFor();
  await page.goto(`${app.url}/admin`);
  await page.getByRole("button", { name: "Make an invite link" }).click();
  const link = await page.locator("output.invite-link").innerText();
  admin = await context.storageState();
  const other = await browser.newContext();
  await signUp(
    await other.newPage(),
    "Bob",
    "bob@example.com",
    link.replace(/^https?:\/\/[^/]+/, app.url),
  );
  await other.close();
  await context.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

async function signUp(page: Page, name: string, email: string, url = `${app.url}/sign-up`) {
  await page.goto(url);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Make my account" }).click();
  await page.waitForURL(`${app.url}/`);
}

/** A password being chosen: 8 characters at least, and the browser may offer one of its own. */
async function expectNewPassword(page: Page, label: string) {
  const input = page.getByRole("textbox", { name: label });
  expect(
    await input.evaluate((el: HTMLInputElement) => [
      el.type,
      el.autocomplete,
      el.minLength,
      el.required,
    ]),
  ).toEqual(["password", "new-password", 8, true]);
}

/** A browser at this size and theme, signed in as the admin or not; axe is injected, so no CSP. */
function open(width: number, theme: (typeof THEMES)[number], signedIn: boolean) {
  return browser.newContext({
    viewport: { width, height: width < 768 ? 740 : 800 },
    colorScheme: theme,
    bypassCSP: true,
    isMobile: width < 768,
    hasTouch: width < 768,
    ...(signedIn ? { storageState: admin } : {}),
  });
}

/** Photographed (whole, or as seen: a dialog), checked by axe, and no wider than the screen. */
async function check(page: Page, name: string, fullPage = true) {
  // Radix's and the theme's transitions end first.
  await page.waitForTimeout(300);
  await page.screenshot({
    fullPage,
    path: `${SCREENSHOTS}/${name}.png`,
    animations: "disabled",
  });
  expect(await seriousViolations(page)).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe.each(WIDTHS)("at %i px", (width) => {
  test.each(THEMES)(
    "in the %s theme",
    async (theme) => {
      const name = (page: string) => `account-${width}-${theme}-${page}`;
      const visitor = await open(width, theme, false);
      const page = await visitor.newPage();
      await page.goto(`${app.url}/sign-in`);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(
        theme === "dark",
      );
      // A wrong password is said in the form, in the theme's colours.
      await page.getByLabel("E-mail").fill("ada@example.com");
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.locator(".error[role=alert]").waitFor();
      await check(page, name("sign-in"));
      await page.goto(`${app.url}/sign-up`);
      await page.getByRole("heading", { name: "Make an account" }).waitFor();
      await expectNewPassword(page, "Password");
      await check(page, name("sign-up"));
      await page.goto(`${app.url}/reset-password?token=not-a-real-token`);
      await page.getByRole("heading", { name: "Set a new password" }).waitFor();
      await expectNewPassword(page, "New password");
      await check(page, name("reset-password"));
      await visitor.close();

      const signedIn = await open(width, theme, true);
      const own = await signedIn.newPage();
      await own.goto(`${app.url}/account`);
      await own.getByRole("cell", { name: "laptop", exact: true }).waitFor();
      await own.getByText("Signed in as Ada").waitFor();
      await expectNewPassword(own, "New password");
      await check(own, name("account"));

      await own.goto(`${app.url}/admin`);
      await own.getByRole("cell", { name: "bob@example.com", exact: true }).waitFor();
      await own.getByRole("region", { name: "Usage" }).getByRole("img").waitFor();
      await own.getByRole("button", { name: "Save sign-up and access" }).waitFor();
      await check(own, name("admin"));
      // Deleting a person asks first, in a dialog; Cancel keeps them.
      await own.getByRole("button", { name: "Delete bob@example.com" }).click();
      const dialog = own.getByRole("dialog", { name: "Delete bob@example.com?" });
      await dialog.waitFor();
      await check(own, name("admin-delete"), false);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "hidden" });
      expect(await own.getByRole("cell", { name: "bob@example.com", exact: true }).count()).toBe(1);
      await signedIn.close();
    },
    90_000,
  );
});
