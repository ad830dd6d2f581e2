import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { testModelPath } from "../support/test-models";

/**
 * The reference page (/basic, the server action) in a real browser, on the real stories260K model: the reference flow
 * (type, Send Message, see both lines, a second turn) and what a user sees when a turn fails.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function openPage(app: RunningApp): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${app.url}/basic`);
  return page;
}

const lines = (page: Page) => page.locator("li.message");

describe("on the embedded local model", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
      LLAMA_THREADS: "1",
      CHAT_MAX_MESSAGES: "3",
      CHAT_MAX_OUTPUT_TOKENS: "200",
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  test("a conversation goes on turn after turn", async () => {
    const page = await openPage(app);
    await expect.poll(() => page.getByText("Model: stories260K.gguf").count()).toBe(1);

    await page.getByLabel("Message").fill("Why is the sky blue?");
    await page.getByRole("button", { name: "Send Message" }).click();

    await lines(page).nth(1).waitFor();
    expect(await lines(page).nth(0).innerText()).toBe("user: Why is the sky blue?");
    const reply = await lines(page).nth(1).innerText();
    expect(reply).toMatch(/^assistant: \S/);
    expect(await page.getByLabel("Message").inputValue()).toBe("");

    // Enter sends too.
    await page.getByLabel("Message").fill("Tell me a story about a cat.");
    await page.getByLabel("Message").press("Enter");
    await lines(page).nth(3).waitFor();
    expect(await lines(page).allInnerTexts()).toEqual([
      "user: Why is the sky blue?",
      reply,
      "user: Tell me a story about a cat.",
      expect.stringMatching(/^assistant: \S/),
    ]);
    await page.close();
  });

  test("a request over a limit is refused with the reason, and the text stays in the box", async () => {
    const page = await openPage(app);
    await page.getByLabel("Message").fill("A cat");
    await page.getByRole("button", { name: "Send Message" }).click();
    await lines(page).nth(1).waitFor();
    // The next message would make 3 of CHAT_MAX_MESSAGES=3: accepted; the one after, 5: refused.
    await page.getByLabel("Message").fill("A dog");
    await page.getByRole("button", { name: "Send Message" }).click();
    await lines(page).nth(3).waitFor();
    await page.getByLabel("Message").fill("A bird");
    await page.getByRole("button", { name: "Send Message" }).click();

    const alert = page.locator("p.error[role=alert]");
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      "The conversation has 5 messages; at most 3 are accepted. Start a new conversation.",
    );
    expect(await page.getByLabel("Message").inputValue()).toBe("A bird");
    expect(await lines(page).count()).toBe(4);
    await page.close();
  });
});

describe("when the model server cannot be reached", () => {
  let app: RunningApp;

  beforeAll(async () => {
    // Port 9 (discard) has no listener on this machine: the connection is refused at once.
    app = await startApp({ CHAT_MODEL: "openai-compatible:http://127.0.0.1:9/v1#some-model" });
  });

  afterAll(async () => {
    await app?.stop();
  });

  test("the page says so and keeps what the user typed", async () => {
    const page = await openPage(app);
    await page.getByLabel("Message").fill("Hello?");
    await page.getByRole("button", { name: "Send Message" }).click();

    const alert = page.locator("p.error[role=alert]");
    await alert.waitFor({ timeout: 30_000 });
    // Its address is the operator's to know (the server's log names it), not every visitor's.
    expect(await alert.innerText()).toBe(
      "The model server could not be reached. Check that it is running.",
    );
    expect(app.output()).toContain("http://127.0.0.1:9");
    expect(await page.getByLabel("Message").inputValue()).toBe("Hello?");
    expect(await lines(page).count()).toBe(0);
    await page.close();
  });
});
