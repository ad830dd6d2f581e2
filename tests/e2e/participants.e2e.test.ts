import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { idle, messages, say, transcript } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * Conversations among several participants, in Debian's Chromium with a scripted model: the cast
 * in Settings, @mentions, round-robin, Continue, Continue as, Let them talk and Stop, speakers kept
 * across a reload and an export; a one-participant chat unchanged.
 */

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;

beforeAll(async () => {
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  app = await startApp({
    CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`,
    CHAT_MAX_AUTO_TURNS: "3",
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await model?.close();
  await browser?.close();
});

beforeEach(() => model.reset());

/** The last message as `speaker: text`. */
const lastLine = async (page: Page) => (await transcript(page)).at(-1);

/** The system prompt and messages the model got last. */
function lastRequest() {
  return model.requests.at(-1) as { messages: Array<{ role: string; content: string }> };
}

async function withGrace(page: Page) {
  await page.goto(app.url);
  model.enqueue({ reply: ["Hello from the assistant."] });
  await say(page, "Hi");
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Add participant" }).click();
  const row = page.locator(".participant").nth(1);
  await row.getByLabel("Name").fill("Grace");
  await row.getByLabel("System prompt").fill("You are Grace, a pirate.");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Saved. The next reply uses these settings.").waitFor();
}

describe("participants", () => {
  test("a one-participant chat is unchanged: no names, no Continue", async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    model.enqueue({ reply: ["Plain."] });
    await say(page, "Hello");
    expect(await transcript(page)).toEqual(["user: Hello", "assistant: Plain."]);
    expect(await page.getByRole("button", { name: "Continue" }).count()).toBe(0);
    expect(lastRequest().messages.map((m) => m.content)).toEqual([
      "You are a friendly assistant!",
      "Hello",
    ]);
    await page.close();
  });

  test("@Name answers; round-robin; Continue and Continue as; each model sees its own seat", async () => {
    const page = await browser.newPage();
    await withGrace(page);

    model.enqueue({ reply: ["Arr, hello."] });
    await say(page, "@Grace say hello");
    expect(await lastLine(page)).toBe("Grace: Arr, hello.");
    const asGrace = lastRequest().messages;
    expect(asGrace[0]?.content).toContain("You are Grace, a pirate.");
    expect(asGrace[0]?.content).toContain(
      "You are Grace, in a conversation with user and assistant.",
    );
    expect(asGrace.slice(1)).toEqual([
      {
        role: "user",
        content: "user: Hi\n\nassistant: Hello from the assistant.\n\nuser: @Grace say hello",
      },
    ]);

    // Nobody named: the next in turn after Grace.
    model.enqueue({ reply: ["My turn again."] });
    await say(page, "And now?");
    expect(await lastLine(page)).toBe("assistant: My turn again.");

    // Continue: the next one speaks without a message of the user's; Continue as picks who.
    model.enqueue({ reply: ["Grace continues."] }, { reply: ["The assistant adds."] });
    await page.getByRole("button", { name: "Continue", exact: true }).click();
    await expect.poll(() => lastLine(page)).toBe("Grace: Grace continues.");
    await idle(page);
    await page.getByRole("button", { name: "Continue as assistant" }).click();
    await expect.poll(() => lastLine(page)).toBe("assistant: The assistant adds.");
    await idle(page);

    // Kept: a reload shows who said what; the export says so too.
    await page.reload();
    await messages(page).nth(5).waitFor();
    expect((await transcript(page)).slice(2)).toEqual([
      "user: @Grace say hello",
      "Grace: Arr, hello.",
      "user: And now?",
      "assistant: My turn again.",
      "Grace: Grace continues.",
      "assistant: The assistant adds.",
    ]);
    const id = new URL(page.url()).pathname.split("/").at(-1);
    const json = await (
      await page.request.get(`${app.url}/api/conversations/${id}/export?format=json`)
    ).json();
    expect(json.cast.participants.map((p: { name: string }) => p.name)).toEqual([
      "assistant",
      "Grace",
    ]);
    expect(json.messages.map((m: { speaker?: string }) => m.speaker ?? null)).toContain("Grace");
    await page.close();
  });

  test("Let them talk runs up to CHAT_MAX_AUTO_TURNS turns; Stop ends it at once", async () => {
    const page = await browser.newPage();
    await withGrace(page);
    model.enqueue({ reply: ["One."] }, { reply: ["Two."] }, { reply: ["Three."] });
    await page.getByRole("button", { name: "Let them talk" }).click();
    await expect.poll(() => messages(page).count(), { timeout: 20_000 }).toBe(5);
    await idle(page);
    await page.waitForTimeout(500);
    expect((await transcript(page)).slice(2)).toEqual([
      "Grace: One.",
      "assistant: Two.",
      "Grace: Three.",
    ]);

    model.enqueue({ reply: ["Slow"], stallMs: 30_000 }, { reply: ["Never."] });
    await page.getByRole("button", { name: "Let them talk" }).click();
    await expect.poll(() => lastLine(page)).toContain("Slow");
    await page.getByRole("button", { name: "Stop" }).click();
    await idle(page);
    await page.waitForTimeout(1_000);
    // Stopped where it was; no further turn was asked for.
    expect((await transcript(page)).slice(5)).toEqual(["assistant: Slow"]);
    const asked = model.requests.length;
    await page.waitForTimeout(1_000);
    expect(model.requests).toHaveLength(asked);
    await page.close();
  });

  test("a duplicate name or a bad one is refused with the reason and changes nothing", async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    model.enqueue({ reply: ["Hi."] });
    await say(page, "Hi");
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Add participant" }).click();
    await page.locator(".participant").nth(1).getByLabel("Name").fill("assistant");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Two participants are named assistant.").waitFor();
    await page.locator(".participant").nth(1).getByLabel("Name").fill("two words");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText(/is one word/).waitFor();
    await page.reload();
    expect(await page.getByRole("button", { name: "Continue" }).count()).toBe(0);
    await page.close();
  });
});
