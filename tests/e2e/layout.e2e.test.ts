import { mkdir } from "node:fs/promises";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { seriousViolations } from "../support/axe";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, messages, read, say } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * The chat page's frame at a phone's, a tablet's and a laptop's width, in the light and the dark
 * theme: a message sent, the model picker, Settings in its sheet, the phone's drawer, the
 * shortcuts dialog — each photographed into test-results/screenshots/ for people to look at, and
 * checked by axe-core (no serious or critical violation). And by keyboard alone: send, edit,
 * Settings, the shortcuts, regenerate and switch versions.
 */

const SCREENSHOTS = "test-results/screenshots";
const WIDTHS = [375, 768, 1280] as const;
const THEMES = ["light", "dark"] as const;

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  const scripted = `openai-compatible:${model.baseURL}#scripted`;
  app = await startApp({
    CHAT_MODEL: scripted,
    CHAT_MODEL_CHOICES: `${scripted},openai-compatible:${model.baseURL}#other`,
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

/** A fresh browser at this size and colour scheme; axe's script is injected, so no CSP. */
async function open(
  width: number,
  theme: (typeof THEMES)[number],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width, height: width < 768 ? 740 : 800 },
    colorScheme: theme,
    bypassCSP: true,
    isMobile: width < 768,
    hasTouch: width < 768,
  });
  const page = await context.newPage();
  await page.addInitScript(recordThemeAtFirstBody);
  await page.goto(app.url);
  await page.getByText("Model: scripted").waitFor();
  return { context, page };
}

/**
 * Runs before the page's own scripts: notes whether <html> is dark when <body> first appears —
 * before any of the app's code has run and before the first paint — to prove there is no flash.
 */
function recordThemeAtFirstBody() {
  const observer = new MutationObserver(() => {
    if (!document.body) return;
    (window as unknown as { __darkAtFirstBody: boolean }).__darkAtFirstBody =
      document.documentElement.classList.contains("dark");
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, animations: "disabled" });

/** Lets a sheet's or a dialog's opening animation end before a photo or axe's colour checks. */
const settle = (page: Page) => page.waitForTimeout(400);

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

describe.each(WIDTHS)("at %i px", (width) => {
  const phone = width < 768;

  test.each(THEMES)("in the %s theme", async (theme) => {
    model.reset();
    const { context, page } = await open(width, theme);
    const name = `${width}-${theme}`;
    // The theme follows the system's, set before paint (the head script), not after hydration.
    expect(
      await page.evaluate(
        () => (window as unknown as { __darkAtFirstBody: boolean }).__darkAtFirstBody,
      ),
    ).toBe(theme === "dark");
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(
      theme === "dark",
    );

    // The empty page: its suggested prompts, the composer at the bottom.
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    await shot(page, `${name}-empty`);
    await expectAccessible(page);
    const composer = await box(page).boundingBox();
    const viewport = page.viewportSize();
    expect(composer && viewport && composer.y + composer.height).toBeGreaterThan(
      (viewport?.height ?? 0) - 120,
    );

    // A message and its reply.
    model.enqueue({ reply: ["Blue light is scattered **more** than red."] });
    await say(page, "Why is the sky blue?");
    expect(await read(lastReply(page))).toContain("scattered more");
    await shot(page, `${name}-conversation`);

    // The model picker: the models the server offers; a choice is saved for the next reply.
    await page.getByRole("combobox", { name: "Model" }).click();
    await page.getByRole("option", { name: "other" }).waitFor();
    await settle(page);
    await shot(page, `${name}-model-picker`);
    await page.getByRole("option", { name: "other" }).click();
    await page.getByText("The next reply uses other.").waitFor();
    model.enqueue({ reply: ["From the other model."] });
    await say(page, "And you?");
    expect((model.requests.at(-1) as { model?: string }).model).toBe("other");

    // Settings, in a sheet over the conversation, which stays where it was.
    await page.getByRole("button", { name: "Settings" }).click();
    const settings = page.getByRole("dialog", { name: "Settings" });
    await settings.waitFor();
    await settings.getByRole("option", { name: "other" }).first().waitFor({ state: "attached" });
    await settle(page);
    await shot(page, `${name}-settings`);
    await expectAccessible(page);
    expect(await messages(page).count()).toBe(4);
    await page.keyboard.press("Escape");
    await settings.waitFor({ state: "hidden" });

    // The phone's drawer, with the conversation in it.
    if (phone) {
      expect(await page.getByRole("navigation", { name: "Conversations" }).count()).toBe(0);
      // Tapped, as on a phone: no mouse is left over the button to hover it.
      await page.getByRole("button", { name: "Conversations" }).tap();
      const drawer = page.getByRole("dialog", { name: "Conversations" });
      await drawer.waitFor();
      await drawer.getByRole("link", { name: "Why is the sky blue?" }).waitFor();
      await settle(page);
      await shot(page, `${name}-drawer`);
      await expectAccessible(page);
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "hidden" });
      // The focus is back on the button, without its tooltip (past the tooltip's 300 ms delay);
      // reached by the keyboard, it shows it.
      const toggle = page.getByRole("button", { name: "Conversations" });
      await expect
        .poll(() => toggle.evaluate((element) => element === document.activeElement))
        .toBe(true);
      await page.waitForTimeout(800);
      expect(await page.getByRole("tooltip").count()).toBe(0);
      await page.keyboard.press("Tab");
      await page.keyboard.press("Shift+Tab");
      expect(await toggle.evaluate((element) => element === document.activeElement)).toBe(true);
      await expect
        .poll(() => page.getByRole("tooltip").filter({ hasText: "Conversations" }).count())
        .toBe(1);
    } else {
      await page
        .getByRole("navigation", { name: "Conversations" })
        .getByRole("link", { name: "Why is the sky blue?" })
        .waitFor();
    }

    // The shortcuts, with `?` where no text is typed.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("?");
    const shortcuts = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await shortcuts.waitFor();
    await settle(page);
    await shot(page, `${name}-shortcuts`);
    await page.keyboard.press("Escape");
    await shortcuts.waitFor({ state: "hidden" });
    await context.close();
  });
});

describe("by keyboard alone", () => {
  test("send a message, edit it with ↑, open Settings and come back; the shortcuts", async () => {
    model.reset();
    const { context, page } = await open(1280, "light");
    // Shift+Esc puts the cursor in the message box from anywhere.
    await page.keyboard.press("Shift+Escape");
    expect(await box(page).evaluate((element) => element === document.activeElement)).toBe(true);
    model.enqueue({ reply: ["Hello by keyboard."] });
    await page.keyboard.type("Hi, no mouse");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("second line");
    expect(await box(page).inputValue()).toBe("Hi, no mouse\nsecond line");
    await page.keyboard.press("Enter");
    await idle(page);
    expect(await read(lastReply(page))).toContain("Hello by keyboard.");

    // ↑ in the empty box edits the last message of the user's.
    await page.keyboard.press("ArrowUp");
    const edit = page.getByLabel("Edit message");
    await edit.waitFor();
    expect(await edit.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Escape");
    await edit.waitFor({ state: "hidden" });

    // Settings, reached with Tab from the message box, opens with Enter and closes with Esc,
    // and the focus goes back to its button.
    await box(page).focus();
    const settingsButton = page.getByRole("button", { name: "Settings" });
    for (let i = 0; i < 60; i++) {
      if (await settingsButton.evaluate((element) => element === document.activeElement)) break;
      await page.keyboard.press("Shift+Tab");
    }
    expect(await settingsButton.evaluate((element) => element === document.activeElement)).toBe(
      true,
    );
    await page.keyboard.press("Enter");
    const settings = page.getByRole("dialog", { name: "Settings" });
    await settings.waitFor();
    expect(await settings.evaluate((element) => element.contains(document.activeElement))).toBe(
      true,
    );
    await page.keyboard.press("Escape");
    await settings.waitFor({ state: "hidden" });
    expect(await settingsButton.evaluate((element) => element === document.activeElement)).toBe(
      true,
    );

    // Ctrl+K searches; Ctrl+Shift+S hides the sidebar and shows it again.
    await page.keyboard.press("Control+k");
    const search = page.getByLabel("Search conversations");
    await expect.poll(() => search.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press("Control+Shift+S");
    await expect
      .poll(() => page.getByRole("navigation", { name: "Conversations" }).count())
      .toBe(0);
    await page.keyboard.press("Control+Shift+S");
    await page.getByRole("navigation", { name: "Conversations" }).waitFor();
    await context.close();
  });

  test("regenerate a reply and switch back to its first version", async () => {
    model.reset();
    const { context, page } = await open(1280, "light");
    await page.keyboard.press("Shift+Escape");
    model.enqueue({ reply: ["The first answer."] });
    await page.keyboard.type("Answer twice");
    await page.keyboard.press("Enter");
    await idle(page);
    expect(await read(lastReply(page))).toContain("The first answer.");

    // From the message box back up (Shift+Tab) to the reply's Regenerate: its actions show on focus.
    model.enqueue({ reply: ["The second answer."] });
    await box(page).focus();
    await tabTo(page, lastReply(page).getByRole("button", { name: "Regenerate" }), "Shift+Tab");
    await page.keyboard.press("Enter");
    await idle(page);
    expect(await read(lastReply(page))).toContain("The second answer.");
    expect(await read(lastReply(page))).toContain("2 / 2");

    await box(page).focus();
    await tabTo(
      page,
      lastReply(page).getByRole("button", { name: "Previous version" }),
      "Shift+Tab",
    );
    await page.keyboard.press("Enter");
    await expect.poll(() => read(lastReply(page))).toContain("The first answer.");
    expect(await read(lastReply(page))).toContain("1 / 2");
    await context.close();
  });
});

/** Presses `key` (Tab or Shift+Tab) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab"): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${target}`);
}
