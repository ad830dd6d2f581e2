import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, messages, read, say, transcript } from "../support/chat-page";
import { freshPostgresDatabase } from "../support/postgres-database";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { benchModelPath } from "../support/test-models";

/** Conversations that are never lost: the sidebar, a URL each, restarts and crashes. */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const sidebarLinks = (page: Page) => page.locator(".conversation-list a");

describe("with a scripted model", () => {
  let model: ScriptedOpenAIServer;
  let app: RunningApp;
  let context: BrowserContext;

  beforeAll(async () => {
    model = await startScriptedOpenAIServer();
    app = await startApp({ CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted` });
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close();
    await app?.stop();
    await model?.close();
  });

  beforeEach(() => model.reset());

  test("a reply nobody reads any more is stopped: the page left and no reload followed it", async () => {
    const quick = await startApp({
      CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`,
      CHAT_ABANDONED_REPLY_MS: "1500",
    });
    const words = Array.from({ length: 300 }, (_, i) => `word${i} `);
    model.enqueue({ reply: words, delayMs: 50 });
    try {
      const page = await context.newPage();
      await page.goto(quick.url);
      await box(page).fill("Write for a long time");
      await page.keyboard.press("Enter");
      await lastReply(page).locator(".markdown").waitFor();
      const url = page.url();
      await page.close();
      // Past the grace time: the server stopped the model (the scripted server saw it hang up).
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const again = await context.newPage();
      await again.goto(url);
      await messages(again).nth(1).waitFor();
      expect(await lastReply(again).innerText()).toMatch(/Stopped/);
      const kept = await read(lastReply(again));
      expect(kept).toContain("word0");
      expect(kept).not.toContain("word299");
      await again.reload();
      await messages(again).nth(1).waitFor();
      expect(await read(lastReply(again))).toBe(kept);
    } finally {
      await quick.stop();
    }
  });

  test("a conversation gets its own URL, is listed, and comes back exactly on reload", async () => {
    model.enqueue({ reply: ["Hi ", "there!"] }, { reply: ["Sure."] });
    const page = await context.newPage();
    await page.goto(app.url);
    await say(page, "Hello from the first chat");
    await say(page, "Another turn");
    expect(page.url()).toMatch(/\/c\/[\w-]{16,}$/);
    const url = page.url();
    const before = await transcript(page);
    expect(before).toEqual([
      "user: Hello from the first chat",
      "assistant: Hi there!",
      "user: Another turn",
      "assistant: Sure.",
    ]);
    await expect
      .poll(() => sidebarLinks(page).first().innerText())
      .toBe("Hello from the first chat");

    await page.reload();
    await messages(page).nth(3).waitFor();
    expect(await transcript(page)).toEqual(before);

    await page.getByRole("link", { name: "New chat" }).click();
    await page.getByRole("button", { name: "Why is the sky blue?" }).waitFor();
    expect(await messages(page).count()).toBe(0);
    await page.getByRole("link", { name: "Hello from the first chat" }).click();
    await page.waitForURL(url);
    await messages(page).nth(3).waitFor();
    expect(await transcript(page)).toEqual(before);
    await page.close();
  });

  test("rename, search and delete (after confirming) from the sidebar", async () => {
    model.enqueue({ reply: ["One."] }, { reply: ["Two."] });
    const page = await context.newPage();
    await page.goto(app.url);
    await say(page, "apples are red");
    await page.getByRole("link", { name: "New chat" }).click();
    await box(page).waitFor();
    await say(page, "bananas are yellow");
    const bananas = page.url();

    await page.getByRole("button", { name: "Rename “bananas are yellow”" }).click();
    await page.getByLabel("New title").fill("Fruit colours");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("link", { name: "Fruit colours" }).waitFor();

    await page.getByLabel("Search conversations").fill("APPLES");
    await expect.poll(() => sidebarLinks(page).allInnerTexts()).toEqual(["apples are red"]);
    await page.getByLabel("Search conversations").fill("");
    await expect.poll(() => sidebarLinks(page).count()).toBeGreaterThanOrEqual(2);

    await page.getByRole("button", { name: "Delete “Fruit colours”" }).click();
    // Nothing is deleted until confirmed.
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByRole("link", { name: "Fruit colours" }).count()).toBe(1);
    await page.getByRole("button", { name: "Delete “Fruit colours”" }).click();
    await page.locator("fieldset.confirm").getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.getByRole("link", { name: "Fruit colours" }).count()).toBe(0);

    const gone = await page.goto(bananas);
    expect(gone?.status()).toBe(404);
    await page.close();
  });

  test("export as JSON and Markdown, and import the JSON as a new conversation", async () => {
    model.enqueue({ reply: ["**Bold** answer."] });
    const page = await context.newPage();
    await page.goto(app.url);
    await say(page, "Export me");
    const id = page.url().split("/c/")[1] ?? "";

    const json = await page.request.get(`${app.url}/api/conversations/${id}/export?format=json`);
    expect(json.status()).toBe(200);
    expect(json.headers()["content-disposition"]).toContain('filename="Export me.json"');
    const exported = await json.json();
    expect(exported).toMatchObject({
      format: "chat-conversation",
      version: 2,
      title: "Export me",
      messages: [
        { role: "user", content: "Export me", status: "complete" },
        { role: "assistant", content: "**Bold** answer.", status: "complete" },
      ],
    });
    const markdown = await page.request.get(
      `${app.url}/api/conversations/${id}/export?format=markdown`,
    );
    expect(await markdown.text()).toContain(
      "## User\n\nExport me\n\n## Assistant\n\n**Bold** answer.",
    );

    await page.getByLabel("Import conversations", { exact: false }).setInputFiles({
      name: "conversation.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ ...exported, title: "Imported copy" })),
    });
    await page.waitForURL((url) => url.pathname.startsWith("/c/") && !url.pathname.endsWith(id));
    await messages(page).nth(1).waitFor();
    expect(await transcript(page)).toEqual(["user: Export me", "assistant: Bold answer."]);
    await page.getByRole("link", { name: "Imported copy" }).waitFor();

    await page.getByLabel("Import conversations", { exact: false }).setInputFiles({
      name: "bad.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": 1}'),
    });
    const alert = page.locator(".sidebar .error[role=alert]");
    await alert.waitFor();
    expect(await alert.innerText()).toContain("This is not a conversation export");
    await page.close();
  });

  test("a conversation's own system prompt is what the model gets, and it is kept", async () => {
    model.enqueue({ reply: ["Default."] }, { reply: ["Arr."] });
    const page = await context.newPage();
    await page.goto(app.url);
    await say(page, "Who are you?");
    const systemOf = (request: unknown) =>
      (request as { messages: Array<{ role: string; content: string }> }).messages.find(
        (m) => m.role === "system",
      )?.content;
    expect(systemOf(model.requests.at(-1))).toBe("You are a friendly assistant!");

    // The settings belong to the stored conversation: open it by its URL.
    await page.reload();
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("System prompt (empty: the server's default)").fill("You are a pirate.");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved. The next reply uses these settings.").waitFor();
    await say(page, "Who are you now?");
    expect(systemOf(model.requests.at(-1))).toBe("You are a pirate.");

    await page.reload();
    await page.getByRole("button", { name: "Settings" }).click();
    expect(await page.getByLabel("System prompt (empty: the server's default)").inputValue()).toBe(
      "You are a pirate.",
    );
    await page.close();
  });

  test("another browser never sees this one's conversations: 404, not the data", async () => {
    model.enqueue({ reply: ["Private reply."] });
    const page = await context.newPage();
    await page.goto(app.url);
    await say(page, "My private conversation");
    const url = page.url();
    const id = url.split("/c/")[1];

    const stranger = await browser.newContext();
    const theirs = await stranger.newPage();
    const response = await theirs.goto(url);
    expect(response?.status()).toBe(404);
    expect(await theirs.content()).not.toContain("My private conversation");
    const exported = await theirs.request.get(`${app.url}/api/conversations/${id}/export`);
    expect(exported.status()).toBe(404);
    await theirs.goto(app.url);
    expect(await sidebarLinks(theirs).count()).toBe(0);
    // Nor can they write into it by sending to its id.
    const post = await theirs.request.post(`${app.url}/api/chat`, {
      data: {
        trigger: "send",
        id,
        message: { id: "hijack-message-0001", text: "hijack" },
        parentId: null,
      },
    });
    expect(post.status()).toBe(404);
    await stranger.close();
    await page.reload();
    await messages(page).nth(1).waitFor();
    expect(await transcript(page)).toEqual([
      "user: My private conversation",
      "assistant: Private reply.",
    ]);
    await page.close();
  });
});

describe("on the realistic-size local model", () => {
  const slow = {
    LLAMA_THREADS: "1",
    LLAMA_SEQUENCES: "1",
    LLAMA_CONTEXT_SIZE: "2048",
  };
  let modelEnv: Record<string, string>;

  beforeAll(async () => {
    modelEnv = { ...slow, CHAT_MODEL: `local:${await benchModelPath()}` };
  });

  test("a reload mid-reply loses nothing: the reply goes on and the page follows it", async () => {
    const app = await startApp({ ...modelEnv, CHAT_MAX_OUTPUT_TOKENS: "250" });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(app.url);
      await box(page).fill("Tell me a story.");
      await page.keyboard.press("Enter");
      await lastReply(page).locator(".markdown").waitFor();
      await page.waitForTimeout(500);
      const partial = (await read(lastReply(page))).length;

      await page.reload();
      // The resumed reply keeps growing past what was there before the reload, then ends.
      await expect
        .poll(async () => (await read(lastReply(page))).length, { timeout: 20_000 })
        .toBeGreaterThan(partial + 20);
      await idle(page);
      const followed = await transcript(page);
      expect(followed).toHaveLength(2);

      // What the page followed is what was saved.
      await page.reload();
      await messages(page).nth(1).waitFor();
      expect(await transcript(page)).toEqual(followed);
      expect(await lastReply(page).innerText()).not.toMatch(/Stopped|Failed/);
    } finally {
      await context.close();
      await app.stop();
    }
  });

  test("two instances on one PostgreSQL database: the other one follows a reply and stops it", async () => {
    const database = await freshPostgresDatabase();
    const shared = {
      ...modelEnv,
      CHAT_MAX_OUTPUT_TOKENS: "1500",
      DATABASE_URL: database.url,
      CHAT_SESSION_SECRET: "two-instances-share-this-session-secret",
    };
    const [a, b] = await Promise.all([startApp(shared), startApp(shared)]);
    // Cookies go by host, not port: both pages belong to the same owner on A and on B.
    const context = await browser.newContext();
    try {
      const onA = await context.newPage();
      let followed = false;
      // The bench model's random weights sometimes end a reply at once: then ask again, in a new
      // conversation (so that B's page holds just this question and its reply).
      for (let attempt = 0; attempt < 3 && !followed; attempt++) {
        await onA.goto(a.url);
        await box(onA).fill(`Tell me a long story (${attempt}).`);
        await onA.keyboard.press("Enter");
        await lastReply(onA).locator(".markdown").waitFor();
        await onA.waitForURL(/\/c\/[\w-]+$/);
        const path = new URL(onA.url()).pathname;

        // B does not generate it: its page follows the stored reply as A writes it.
        const onB = await context.newPage();
        await onB.goto(`${b.url}${path}`);
        const length = async () => (await read(lastReply(onB))).length;
        await messages(onB).nth(1).locator(".markdown").waitFor();
        const first = await length();
        try {
          await expect.poll(length, { timeout: 15_000 }).toBeGreaterThan(first + 10);
          followed = true;
        } catch {
          // A finished (or, on a busy machine, was too slow) before B could watch it grow: stop
          // it and try again.
          await onA
            .getByRole("button", { name: "Stop" })
            .click({ timeout: 5000 })
            .catch(() => {});
          await idle(onA);
          await onB.close();
          continue;
        }

        // Stop on B reaches the store; A sees it at its next write and stops its model.
        await onB.getByRole("button", { name: "Stop" }).click();
        await idle(onA);
        await idle(onB);
        // A writes the reply's last words as it stops; after that it must not change.
        await onA.waitForTimeout(500);
        const saved = async () => {
          const response = await onB.request.get(
            `${b.url}/api/conversations/${path.split("/").pop()}/export?format=json`,
          );
          const data = (await response.json()) as {
            messages: Array<{ content: string; status: string }>;
          };
          return data.messages.at(-1);
        };
        const reply = await saved();
        expect(reply?.status).toBe("stopped");
        // A stopped its model: the stored reply no longer grows.
        await onA.waitForTimeout(1_500);
        expect((await saved())?.content).toBe(reply?.content);
        expect(await lastReply(onB).innerText()).toContain("Stopped");
      }
      expect(followed).toBe(true);
    } finally {
      await context.close();
      await Promise.all([a.stop(), b.stop()]);
      await database.drop();
    }
    // Two servers start, and a reply that ends at once is asked again: more than one minute.
  }, 150_000);

  test("a restart brings every conversation back", async () => {
    const context = await browser.newContext();
    let app = await startApp({ ...modelEnv, CHAT_MAX_OUTPUT_TOKENS: "20" });
    try {
      const page = await context.newPage();
      await page.goto(app.url);
      await say(page, "Remember me");
      const url = page.url().replace(app.url, "");
      const before = await transcript(page);

      await app.stop();
      app = await startApp({ ...modelEnv, CHAT_MAX_OUTPUT_TOKENS: "20" }, { dataDir: app.dataDir });
      // The same browser (same cookie), a new server process and port.
      await page.goto(`${app.url}${url}`);
      await messages(page).nth(1).waitFor();
      expect(await transcript(page)).toEqual(before);
      await page.getByRole("link", { name: "Remember me" }).waitFor();
    } finally {
      await context.close();
      await app.stop();
    }
  });

  test("after kill -9 mid-reply and a restart, every acknowledged message is there", async () => {
    const context = await browser.newContext();
    let app = await startApp({ ...modelEnv, CHAT_MAX_OUTPUT_TOKENS: "1500" });
    try {
      const page = await context.newPage();
      await page.goto(app.url);
      await box(page).fill("This server will crash");
      await page.keyboard.press("Enter");
      await lastReply(page).locator(".markdown").waitFor();
      // Long enough for the reply saver to have written a partial.
      await page.waitForTimeout(1_500);
      const url = page.url().replace(app.url, "");

      app.process.kill("SIGKILL");
      await app.stop();
      app = await startApp({ ...modelEnv, CHAT_MAX_OUTPUT_TOKENS: "20" }, { dataDir: app.dataDir });
      await page.goto(`${app.url}${url}`);
      await messages(page).nth(1).waitFor();
      const after = await transcript(page);
      expect(after[0]).toBe("user: This server will crash");
      expect(after[1]?.length).toBeGreaterThan("assistant: ".length);
      // Found interrupted at the start, and marked so.
      expect(await lastReply(page).innerText()).toContain("Failed");
      expect(
        (await readFile(`${app.dataDir}/chat.db`)).length,
        "the database file is where the restart looked",
      ).toBeGreaterThan(0);
    } finally {
      await context.close();
      await app.stop();
    }
  });
});
