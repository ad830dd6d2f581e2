import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { idle, lastReply, messages, read, say, transcript } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * Branching conversations in Debian's Chromium with a scripted model: edits and regenerated
 * replies are versions to page through, the choice survives a reload and is what the next
 * message continues, a branch is deleted only when asked, the page sends only what is new, and
 * exports of other chat apps come in with their trees.
 */

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;

beforeAll(async () => {
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  app = await startApp({ CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted` });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await model?.close();
  await browser?.close();
});

beforeEach(() => model.reset());

/** What the model was sent last, as `role: text` lines (system prompt left out). */
function modelSaw(): string[] {
  const body = model.requests.at(-1) as { messages: Array<{ role: string; content: string }> };
  return body.messages.filter((m) => m.role !== "system").map((m) => `${m.role}: ${m.content}`);
}

const place = (item: ReturnType<typeof messages>) => item.locator(".version-place").innerText();

async function open(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(app.url);
  return page;
}

describe("versions", () => {
  test("regenerate twice: three versions to page through; continue from the first; it survives a reload", async () => {
    const page = await open();
    model.enqueue({ reply: ["First answer."] });
    await say(page, "Tell me something");
    model.enqueue({ reply: ["Second answer."] }, { reply: ["Third answer."] });
    for (let i = 0; i < 2; i++) {
      await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
      await idle(page);
    }
    expect(await read(lastReply(page))).toContain("Third answer.");
    await expect.poll(() => place(lastReply(page))).toBe("3 / 3");
    // Each version was asked with the same conversation, not with the one before it.
    expect(modelSaw()).toEqual(["user: Tell me something"]);

    await lastReply(page).getByRole("button", { name: "Previous version" }).click();
    await expect.poll(() => place(lastReply(page))).toBe("2 / 3");
    expect(await read(lastReply(page))).toContain("Second answer.");
    await lastReply(page).getByRole("button", { name: "Previous version" }).click();
    await expect.poll(() => place(lastReply(page))).toBe("1 / 3");
    expect(await read(lastReply(page))).toContain("First answer.");
    expect(
      await lastReply(page).getByRole("button", { name: "Previous version" }).isDisabled(),
    ).toBe(true);

    // The next message continues the version shown.
    model.enqueue({ reply: ["Going on from the first."] });
    await say(page, "And then?");
    expect(modelSaw()).toEqual([
      "user: Tell me something",
      "assistant: First answer.",
      "user: And then?",
    ]);

    await page.reload();
    await messages(page).nth(3).waitFor();
    expect(await transcript(page)).toEqual([
      "user: Tell me something",
      "assistant: First answer.",
      "user: And then?",
      "assistant: Going on from the first.",
    ]);
    expect(await place(messages(page).nth(1))).toBe("1 / 3");
    // Switching to another version shows that version and what was written below it (nothing).
    await messages(page).nth(1).getByRole("button", { name: "Next version" }).click();
    await expect
      .poll(() => transcript(page))
      .toEqual(["user: Tell me something", "assistant: Second answer."]);
    await messages(page).nth(1).getByRole("button", { name: "Previous version" }).click();
    await expect
      .poll(() => transcript(page))
      .toEqual([
        "user: Tell me something",
        "assistant: First answer.",
        "user: And then?",
        "assistant: Going on from the first.",
      ]);
    await page.close();
  });

  test("edit an early message: a new version; the old one and its replies stay", async () => {
    const page = await open();
    model.enqueue({ reply: ["A1"] }, { reply: ["A2"] }, { reply: ["A1 after edit"] });
    await say(page, "Q1");
    await say(page, "Q2");
    await messages(page).nth(0).getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Edit message").fill("Q1 edited");
    await page.getByRole("button", { name: "Save & Send" }).click();
    await idle(page);
    expect(await transcript(page)).toEqual(["user: Q1 edited", "assistant: A1 after edit"]);
    expect(modelSaw()).toEqual(["user: Q1 edited"]);
    await expect.poll(() => place(messages(page).nth(0))).toBe("2 / 2");

    await messages(page).nth(0).getByRole("button", { name: "Previous version" }).click();
    await expect
      .poll(() => transcript(page))
      .toEqual(["user: Q1", "assistant: A1", "user: Q2", "assistant: A2"]);
    // Regenerate at any depth: a new version of the first reply, continued from Q1.
    model.enqueue({ reply: ["A1 again"] });
    await messages(page).nth(1).getByRole("button", { name: "Regenerate" }).click();
    await idle(page);
    expect(await transcript(page)).toEqual(["user: Q1", "assistant: A1 again"]);
    expect(modelSaw()).toEqual(["user: Q1"]);
    await expect.poll(() => place(messages(page).nth(1))).toBe("2 / 2");
    await page.close();
  });

  test("delete a branch, after confirming; declining deletes nothing", async () => {
    const page = await open();
    model.enqueue({ reply: ["Keep me"] }, { reply: ["Delete me"] }, { reply: ["Below"] });
    await say(page, "Question");
    await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
    await idle(page);
    await say(page, "Follow-up");
    expect(await transcript(page)).toHaveLength(4);

    const second = messages(page).nth(1);
    page.once("dialog", (dialog) => dialog.dismiss());
    await second.getByRole("button", { name: "Delete version" }).click();
    await page.waitForTimeout(300);
    expect(await transcript(page)).toHaveLength(4);

    page.once("dialog", (dialog) => {
      expect(dialog.message()).toContain("Delete this version and everything after it?");
      dialog.accept();
    });
    await second.getByRole("button", { name: "Delete version" }).click();
    await expect.poll(() => transcript(page)).toEqual(["user: Question", "assistant: Keep me"]);
    expect(await messages(page).nth(1).locator(".version-place").count()).toBe(0);
    await page.reload();
    await messages(page).nth(1).waitFor();
    expect(await transcript(page)).toEqual(["user: Question", "assistant: Keep me"]);
    await page.close();
  });
});

test("a request from the page carries only what is new, never the history", async () => {
  const page = await open();
  const sent: Request[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/api/chat") && request.method() === "POST") sent.push(request);
  });
  model.enqueue({ reply: ["One"] }, { reply: ["Two"] }, { reply: ["Two again"] });
  await say(page, "First message");
  await say(page, "Second message");
  await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
  await idle(page);

  const bodies = sent.map((request) => request.postDataJSON());
  expect(bodies).toHaveLength(3);
  for (const body of bodies) expect(body).not.toHaveProperty("messages");
  // Neither the earlier messages nor the replies travel again.
  for (const body of bodies.slice(1)) {
    expect(JSON.stringify(body)).not.toContain("First message");
    expect(JSON.stringify(body)).not.toContain("One");
  }
  expect(bodies[1]).toMatchObject({
    trigger: "send",
    message: { text: "Second message" },
    parentId: expect.any(String),
  });
  expect(JSON.stringify(bodies[1])).not.toContain("First message");
  expect(bodies[2]).toEqual({
    trigger: "regenerate",
    id: expect.any(String),
    parentId: bodies[1].message.id,
  });
  await page.close();
});

describe("import", () => {
  const fixture = (name: string) => resolve(`lib/import/__fixtures__/${name}.json`);

  async function importFile(page: Page, name: string, buffer: Buffer) {
    await page
      .getByLabel("Import conversations", { exact: false })
      .setInputFiles({ name, mimeType: "application/json", buffer });
  }

  test.each([
    [
      "ChatGPT",
      "chatgpt-conversations",
      "Imported 2 conversations. 2 could not be imported.",
      "What is this tower?",
    ],
    [
      "Claude",
      "claude-conversations",
      "Imported 2 conversations. 1 could not be imported.",
      "Naming a grey cat",
    ],
    [
      "Open WebUI",
      "open-webui-chats",
      "Imported 2 conversations. 1 could not be imported.",
      "Is 91 prime?",
    ],
    ["ours", "our-conversations", "Imported 2 conversations.", "Branching soup"],
  ])(
    "%s's export: every conversation with its tree and title; what was left out, and why",
    async (_app, name, said, title) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(app.url);
      await importFile(page, `${name}.json`, await readFile(fixture(name)));
      const summary = page.locator(".import-summary");
      await summary.waitFor();
      expect(await read(summary.locator("p"))).toBe(said);
      await page.getByRole("link", { name: title }).click();
      await page.waitForURL(/\/c\//);
      await messages(page).nth(1).waitFor();
      if (name === "chatgpt-conversations") {
        // The tower conversation was edited in ChatGPT: its versions came along.
        expect(await page.locator(".version-place").count()).toBeGreaterThan(0);
      }
      await context.close();
    },
  );

  test("a malformed file gets a sentence and imports nothing; one conversation opens at once", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.url);
    const whole = await readFile(fixture("chatgpt-conversations"));
    await importFile(page, "cut.json", whole.subarray(0, Math.floor(whole.length * 0.6)));
    const alert = page.locator(".sidebar .error[role=alert]");
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/ends in the middle of its JSON/);
    await importFile(page, "notes.txt", Buffer.from("these are my notes"));
    await expect.poll(() => alert.innerText()).toMatch(/not JSON/);
    expect(await page.locator(".conversation-list a").count()).toBe(0);

    await importFile(page, "single.json", await readFile(fixture("open-webui-single-chat")));
    await page.waitForURL(/\/c\//);
    await messages(page).nth(1).waitFor();
    expect((await transcript(page))[0]).toMatch(/^user: ./);
    await context.close();
  });
});
