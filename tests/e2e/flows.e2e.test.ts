import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { seriousViolations } from "../support/axe";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, messages, read, say, transcript } from "../support/chat-page";
import { everythingServer } from "../support/mcp-everything";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { templatedModelPath } from "../support/test-models";

/**
 * Every flow the chat page has, at a phone's, a tablet's and a laptop's width in the light and the
 * dark theme (issue 25): send, stop, regenerate, versions, edit, a tool call approved on its card
 * (a real MCP server, server-everything), export and import through the page's own buttons,
 * Settings (a system prompt and a participant), participants speaking by name, and a real
 * reasoning model's thinking (stories260K with Qwen3's template) picked in the header on a new
 * chat. The model is a scripted OpenAI-compatible server where the test needs exact text and
 * timing, the real tiny model for thinking. Each step is photographed into
 * test-results/screenshots/ (flows-<width>-<theme>-<step>.png) for people to look at; the
 * conversation with a tool card and with thinking is checked by axe-core.
 */

const SCREENSHOTS = "test-results/screenshots";
const WIDTHS = [375, 768, 1280] as const;
const THEMES = ["light", "dark"] as const;
const THINKING_MODEL = "stories260K-qwen3-thinking.gguf";

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;
let downloads: string;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  downloads = await mkdtemp(join(tmpdir(), "chat-flows-"));
  const mcpConfig = join(downloads, "mcp.json");
  await writeFile(
    mcpConfig,
    JSON.stringify({
      mcpServers: { everything: { command: process.execPath, args: [everythingServer, "stdio"] } },
    }),
  );
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  const scripted = `openai-compatible:${model.baseURL}#scripted`;
  app = await startApp({
    CHAT_MODEL: scripted,
    CHAT_MODEL_CHOICES: `${scripted},local:${await templatedModelPath("qwen3-thinking")}`,
    CHAT_MCP_CONFIG: mcpConfig,
    LLAMA_THREADS: "1",
    // A short thought and a short answer: the flow is about the page, not the story.
    LLAMA_THINKING: "12",
    // Room for the MCP server's tools, which the local model is offered too (~4,900 tokens).
    LLAMA_CONTEXT_SIZE: "8192",
    CHAT_MAX_OUTPUT_TOKENS: "40",
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

/** A fresh browser at this size and colour scheme; axe's script is injected, so no CSP. */
async function open(width: number, theme: (typeof THEMES)[number]): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width, height: width < 768 ? 740 : 800 },
    colorScheme: theme,
    bypassCSP: true,
    isMobile: width < 768,
    hasTouch: width < 768,
    acceptDownloads: true,
  });
}

/** Lets a sheet's, a menu's or a toast's animation end before a photo or axe's colour checks. */
const settle = (page: Page) => page.waitForTimeout(400);

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

const placeOf = (message: Locator) => message.locator(".version-place").innerText();

const toolCard = (page: Page, tool: string) =>
  lastReply(page)
    .locator(".tool-card")
    .filter({ hasText: `Tool: ${tool}` })
    .last();

/** The scripted model's last request: its messages as `role: text`, the system prompt first. */
function lastRequest() {
  return model.requests.at(-1) as {
    model?: string;
    messages: Array<{ role: string; content: unknown }>;
  };
}

describe.each(WIDTHS)("at %i px", (width) => {
  const phone = width < 768;

  test.each(THEMES)(
    "every flow in the %s theme",
    async (theme) => {
      model.reset();
      const context = await open(width, theme);
      const page = await context.newPage();
      const shot = (step: string) =>
        page.screenshot({
          path: `${SCREENSHOTS}/flows-${width}-${theme}-${step}.png`,
          animations: "disabled",
        });
      await page.goto(app.url);
      await page.getByText("Model: scripted").waitFor();

      // Send.
      model.enqueue({ reply: ["Hello! ", "How can I help?"] });
      await say(page, `Hello at ${width} px`);
      expect(await transcript(page)).toEqual([
        `user: Hello at ${width} px`,
        "assistant: Hello! How can I help?",
      ]);
      await shot("send");

      // Stop: a long reply stopped by its button keeps what was written, marked Stopped.
      const words = Array.from({ length: 400 }, (_, i) => `word${i} `);
      model.enqueue({ reply: words, delayMs: 30 });
      await box(page).fill("Count for a long time");
      await page.keyboard.press("Enter");
      await expect.poll(() => read(lastReply(page)), { timeout: 15_000 }).toContain("word3 ");
      await page.getByRole("button", { name: "Stop" }).click();
      await idle(page);
      await lastReply(page).getByText("Stopped").waitFor();
      const stopped = await read(lastReply(page));
      expect(stopped).not.toContain("word399");
      await shot("stop");

      // Regenerate: a second version of the reply, beside the stopped one.
      model.enqueue({ reply: ["One, two, three."] });
      await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
      await idle(page);
      await expect.poll(() => read(lastReply(page))).toContain("One, two, three.");
      await expect.poll(() => placeOf(lastReply(page))).toBe("2 / 2");
      await shot("regenerate");

      // Versions: back to the stopped one, and forward again.
      await lastReply(page).getByRole("button", { name: "Previous version" }).click();
      await expect.poll(() => placeOf(lastReply(page))).toBe("1 / 2");
      expect(await read(lastReply(page))).toContain("word3");
      await shot("versions");
      await lastReply(page).getByRole("button", { name: "Next version" }).click();
      await expect.poll(() => placeOf(lastReply(page))).toBe("2 / 2");
      expect(await read(lastReply(page))).toContain("One, two, three.");

      // Edit the first message: a new version of it, answered anew; the old path stays.
      model.enqueue({ reply: ["Hello again."] });
      await messages(page).nth(0).getByRole("button", { name: "Edit" }).click();
      await page.getByLabel("Edit message").fill(`Hi at ${width} px`);
      await shot("edit");
      await page.getByRole("button", { name: "Save & Send" }).click();
      await idle(page);
      await expect
        .poll(() => transcript(page))
        .toEqual([`user: Hi at ${width} px`, "assistant: Hello again."]);
      expect(await placeOf(messages(page).nth(0))).toBe("2 / 2");

      // A tool: the call waits on its card; Allow runs it on the real MCP server; the reply goes on.
      model.enqueue(
        { reply: [], toolCalls: [{ name: "echo", arguments: JSON.stringify({ message: theme }) }] },
        { reply: ["The server echoed it."] },
      );
      await box(page).fill("Echo the theme");
      await page.keyboard.press("Enter");
      const card = toolCard(page, "echo");
      await expect
        .poll(() => card.locator(".tool-status").innerText(), { timeout: 15_000 })
        .toBe("Waiting for your approval");
      await shot("tool-approval");
      await card.getByRole("button", { name: "Allow", exact: true }).click();
      await idle(page);
      await expect.poll(() => card.locator(".tool-status").innerText()).toBe("Done");
      expect(await card.locator(".tool-output").textContent()).toBe(`Echo: ${theme}`);
      expect(await read(lastReply(page))).toContain("The server echoed it.");
      await shot("tool-done");
      await expectAccessible(page);

      // Export (the header's menu) and import (the sidebar's button) through the page.
      const original = await transcript(page);
      const exported = await exportJson(page);
      expect(exported.messages.length).toBeGreaterThanOrEqual(4);
      const copy = join(downloads, `copy-${width}-${theme}.json`);
      await writeFile(copy, JSON.stringify({ ...exported, title: `Imported ${width} ${theme}` }));
      const before = page.url();
      if (phone) await openDrawer(page);
      await page.getByLabel("Import conversations", { exact: false }).setInputFiles(copy);
      await page.waitForURL((url) => url.pathname.startsWith("/c/") && url.href !== before);
      // The drawer closes on the way to the imported conversation.
      if (phone) {
        await page.getByRole("dialog", { name: "Conversations" }).waitFor({ state: "hidden" });
      }
      await messages(page)
        .nth(original.length - 1)
        .waitFor();
      expect(await transcript(page)).toEqual(original);
      await shot("import");
      if (phone) await openDrawer(page);
      await page.getByRole("link", { name: `Imported ${width} ${theme}` }).waitFor();
      if (phone) await closeDrawer(page);

      // Settings on the imported copy: its own system prompt and a second participant.
      await page.getByRole("button", { name: "Settings" }).click();
      const settings = page.getByRole("dialog", { name: "Settings" });
      await settings.waitFor();
      await settings
        .getByLabel("System prompt (empty: the server's default)")
        .fill("You are a pirate.");
      await settings.getByRole("button", { name: "Add participant" }).click();
      const grace = settings.locator(".participant").nth(1);
      await grace.getByLabel("Name").fill("Grace");
      await grace.getByLabel("System prompt").fill("You are Grace.");
      await settle(page);
      await shot("settings");
      await settings.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Saved. The next reply uses these settings.").waitFor();
      await settings.waitFor({ state: "hidden" });

      // Participants: Grace answers when named, under her name; Continue lets the next one speak.
      model.enqueue({ reply: ["Arr, ahoy."] }, { reply: ["And the assistant agrees."] });
      await say(page, "@Grace say ahoy");
      expect((await transcript(page)).at(-1)).toBe("Grace: Arr, ahoy.");
      const system = lastRequest().messages[0];
      expect(system?.role).toBe("system");
      expect(String(system?.content)).toContain("You are Grace.");
      await page.getByRole("button", { name: "Continue", exact: true }).click();
      await expect
        .poll(() => transcript(page).then((lines) => lines.at(-1)))
        .toBe("assistant: And the assistant agrees.");
      await idle(page);
      expect(String(lastRequest().messages[0]?.content)).toContain("You are a pirate.");
      await shot("participants");

      // Thinking: a new chat, the reasoning model picked in the header, its thought in a block.
      await page.goto(app.url);
      await page.getByText("Model: scripted").waitFor();
      await page.getByRole("combobox", { name: "Model" }).click();
      await page.getByRole("option", { name: THINKING_MODEL }).click();
      await page.getByText(`Model: ${THINKING_MODEL}`).waitFor();
      const asked = model.requests.length;
      await box(page).fill("Tell me a story");
      await page.keyboard.press("Enter");
      // The first reply loads the model and reads the tools' long prompt, on a loaded machine.
      await idle(page, 120_000);
      expect(await page.locator(".error[role=alert]").count()).toBe(0);
      const thinking = lastReply(page).locator("details.thinking");
      await thinking.waitFor();
      await expect.poll(() => thinking.locator("summary").innerText()).toMatch(/^Thought for /);
      await thinking.locator("summary").click();
      expect((await thinking.locator(".thinking-text").innerText()).trim()).not.toBe("");
      expect(model.requests).toHaveLength(asked);
      await shot("thinking");
      await expectAccessible(page);
      // Stored with the conversation: after a reload the header still names it.
      await page.reload();
      await page.getByText(`Model: ${THINKING_MODEL}`).waitFor();
      // Its long name is cut short of the header's buttons, also on a phone: nothing of it
      // overflows the picker, and the picker ends before Settings.
      const pickerLocator = page.getByRole("combobox", { name: "Model" });
      expect(
        await pickerLocator.evaluate((e) => e.scrollWidth - e.clientWidth),
      ).toBeLessThanOrEqual(0);
      const picker = await pickerLocator.boundingBox();
      const settingsButton = await page.getByRole("button", { name: "Settings" }).boundingBox();
      expect((picker?.x ?? 0) + (picker?.width ?? 0)).toBeLessThanOrEqual(settingsButton?.x ?? 0);
      await shot("thinking-reloaded");
      await context.close();
    },
    240_000,
  );
});

/** The conversation's JSON export, downloaded from the header's menu. */
async function exportJson(page: Page): Promise<{ messages: unknown[] }> {
  await page.getByRole("button", { name: "More" }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("menuitem", { name: "Export JSON" }).click(),
  ]);
  const path = await download.path();
  return JSON.parse(await readFile(path, "utf8"));
}

async function openDrawer(page: Page) {
  await page.getByRole("button", { name: "Conversations" }).click();
  await page.getByRole("dialog", { name: "Conversations" }).waitFor();
}

async function closeDrawer(page: Page) {
  await page.keyboard.press("Escape");
  await page.getByRole("dialog", { name: "Conversations" }).waitFor({ state: "hidden" });
}
