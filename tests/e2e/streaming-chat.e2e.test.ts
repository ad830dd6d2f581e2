import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { seriousViolations } from "../support/axe";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, messages, read } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { benchModelPath, testModelPath } from "../support/test-models";

/** The streaming chat page (/) in Debian's Chromium. */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function open(app: RunningApp): Promise<Page> {
  const page = await browser.newPage();
  page.on("dialog", (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await page.goto(app.url);
  return page;
}

describe("on the real stories260K model", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
      LLAMA_THREADS: "1",
      // Room for a 20,000-character message (about 6,400 of stories260K's tokens).
      LLAMA_CONTEXT_SIZE: "8192",
      CHAT_MAX_OUTPUT_TOKENS: "120",
      // Greedy, so each run writes the same replies: whether a reply re-tokenizes as it was
      // generated (and so how much of it the next turn reuses) is then the same every run.
      CHAT_TEMPERATURE: "0",
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  test("Enter sends, Shift+Enter adds a line; turns follow each other", async () => {
    const page = await open(app);
    await page.getByText("Model: stories260K.gguf").waitFor();
    expect(await page.getByRole("button", { name: "Send Message" }).isDisabled()).toBe(true);

    await box(page).click();
    await page.keyboard.type("Once upon a time");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("there was a cat.");
    expect(await box(page).inputValue()).toBe("Once upon a time\nthere was a cat.");
    await page.keyboard.press("Enter");

    await idle(page);
    expect(await box(page).inputValue()).toBe("");
    expect(await messages(page).count()).toBe(2);
    // A plain chat labels no one: the user's bubble and the reply say who wrote them to screen
    // readers only.
    expect(await messages(page).nth(0).getAttribute("data-speaker")).toBe("user");
    expect(await messages(page).nth(0).innerText()).toContain("Once upon a time\nthere was a cat.");
    expect(await read(lastReply(page))).toMatch(/^The assistant said: \S/);

    await box(page).fill("What happened next?");
    await page.keyboard.press("Enter");
    await idle(page);
    expect(await messages(page).count()).toBe(4);

    // Per-reply details on demand: tokens, with the first turn's prompt reused.
    await lastReply(page).getByRole("button", { name: "Details" }).click();
    const details = await lastReply(page).locator("dl.details").innerText();
    expect(details).toMatch(/Tokens\s+\d+ in \([1-9]\d* reused\), \d+ out/);
    expect(details).toMatch(/First token\s+\d+ ms/);
    await page.close();
  });

  test("a 20,000-character message is answered: whether it fits is the model's to say, in tokens", async () => {
    const page = await open(app);
    const sentence = "Once upon a time, there was a little girl named Lily who loved the sun. ";
    await box(page).fill(sentence.repeat(300).slice(0, 20_000));
    await page.keyboard.press("Enter");
    await idle(page, 170_000);
    expect(await page.locator(".error[role=alert]").count()).toBe(0);
    expect(await read(lastReply(page))).toMatch(/^The assistant said: \S/);
    // The whole message was kept and shown, not cut.
    expect((await read(messages(page).nth(0))).length).toBeGreaterThan(20_000);
    await page.close();
  }, 200_000);

  test("an example prompt starts a conversation", async () => {
    const page = await open(app);
    await page.getByRole("button", { name: "Why is the sky blue?" }).click();
    await idle(page);
    expect(await read(messages(page).nth(0))).toContain("Why is the sky blue?");
    expect(await messages(page).count()).toBe(2);
    await page.close();
  });
});

describe("past the model's context", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
      LLAMA_THREADS: "1",
      // node-llama-cpp's smallest context: a few turns fill it.
      LLAMA_CONTEXT_SIZE: "256",
      CHAT_MAX_OUTPUT_TOKENS: "40",
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  test("the conversation goes on, and the page shows where the model's memory starts", async () => {
    // axe's script is injected without a nonce.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(app.url);
    const long = "The little dog ran to the park and played with a red ball all day long. ";
    for (let turn = 0; turn < 6; turn++) {
      await box(page).fill(`${turn}: ${long.repeat(2)}`);
      await page.keyboard.press("Enter");
      await idle(page);
      expect(await page.locator(".error[role=alert]").count()).toBe(0);
    }
    const marker = page.locator("li.memory-start");
    await marker.waitFor();
    const said = await marker.innerText();
    expect(said).toMatch(
      /^The model's memory starts here: it no longer sees the \d+ messages above\.$/,
    );
    expect(await messages(page).count()).toBe(12);
    // An item of the conversation's list like the messages, which axe finds well formed.
    const conversation = page.getByRole("list", { name: "Conversation" });
    expect(
      await conversation.getByRole("listitem").filter({ hasText: "memory starts here" }).count(),
    ).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    // The place is stored with the reply: it is still marked after a reload.
    await page.waitForURL(/\/c\/[\w-]+$/);
    await page.reload();
    await marker.waitFor();
    expect(await marker.innerText()).toBe(said);
    expect(await messages(page).count()).toBe(12);
    await context.close();
  });
});

describe("on the realistic-size model, slow enough to watch", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      CHAT_MODEL: `local:${await benchModelPath()}`,
      LLAMA_THREADS: "1",
      // One sequence: if Stop left the model computing, the next turn would wait behind it.
      LLAMA_SEQUENCES: "1",
      // Room for a reply longer than 25 s however fast the machine decodes: 4,000 tokens are
      // 44 s at this model's ~90 tokens/s (1,500 tokens, 17 s, passed only on a loaded machine).
      LLAMA_CONTEXT_SIZE: "8192",
      CHAT_MAX_OUTPUT_TOKENS: "4000",
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  test("the reply grows in steps; Stop halts it, keeps the text, and the next turn is not held up", async () => {
    const page = await open(app);
    const lengths = await startGrowingReply(page, "Tell me a long story.");
    expect(new Set(lengths).size).toBeGreaterThanOrEqual(3);

    await page.getByRole("button", { name: "Stop" }).click();
    await idle(page);
    const stopped = await lastReply(page).innerText();
    expect(stopped).toContain("Stopped");
    await page.waitForTimeout(700);
    expect(await lastReply(page).innerText()).toBe(stopped);

    // The one sequence is free again: the next turn gets it at once instead of waiting in the
    // queue behind the 4,000-token reply the stopped request would otherwise still be computing.
    // (Asserted on the queue, not on text: the random weights sometimes write tokens that make no
    // text for seconds — bytes that never complete a character.)
    const count = await messages(page).count();
    await box(page).fill("And then?");
    await page.keyboard.press("Enter");
    await messages(page)
      .nth(count + 1)
      .waitFor();
    await page.waitForTimeout(1_500);
    expect(await page.locator("p.status[role=status]").count()).toBe(0);
    // Random weights may end this one early; stop it if it is still going.
    const stop = page.getByRole("button", { name: "Stop" });
    if (await stop.isVisible()) await stop.click();
    await idle(page);
    expect(await messages(page).count()).toBe(count + 2);
    await page.close();
  });

  test("a reply waiting for the busy model shows its place in the queue, then streams", async () => {
    const first = await open(app);
    await startGrowingReply(first, "Tell me a long story.");
    // The model's one sequence is busy with that reply: this one waits for it.
    const second = await open(app);
    await box(second).fill("And one for me.");
    await second.keyboard.press("Enter");
    const status = second.locator("p.status[role=status]");
    await expect
      .poll(() => status.innerText(), { timeout: 10_000 })
      .toBe("Waiting for the model: place 1 in the queue…");
    expect(await second.locator(".error[role=alert]").count()).toBe(0);

    await first.getByRole("button", { name: "Stop" }).click();
    await idle(first);
    // Its turn: out of the queue (text may take a moment: see above).
    await expect.poll(() => status.count(), { timeout: 10_000 }).toBe(0);
    const stop = second.getByRole("button", { name: "Stop" });
    if (await stop.isVisible()) await stop.click();
    await idle(second);
    await first.close();
    await second.close();
  });

  test("a reply that runs longer than the old 25 s limit is not cut", async () => {
    const page = await open(app);
    // Random weights sometimes end a reply early: ask again until one runs past 25 s (3 tries).
    for (let attempt = 0; attempt < 3; attempt++) {
      const count = await messages(page).count();
      const started = Date.now();
      await box(page).fill("Tell me the longest story you know.");
      await page.keyboard.press("Enter");
      await messages(page)
        .nth(count + 1)
        .waitFor();
      await idle(page, 240_000);
      const elapsed = Date.now() - started;
      expect(await page.locator(".error[role=alert]").count()).toBe(0);
      expect(await lastReply(page).innerText()).not.toContain("Stopped");
      if (elapsed > 25_000) return;
    }
    throw new Error("three replies in a row ended before 25 s");
  }, 800_000);

  test("Esc stops a reply too", async () => {
    const page = await open(app);
    await startGrowingReply(page, "Tell me another long story.");
    await page.keyboard.press("Escape");
    await idle(page);
    expect(await lastReply(page).innerText()).toContain("Stopped");
    await page.close();
  });
});

/**
 * Sends `text` and watches the reply grow: the text lengths seen, once three differ while the
 * reply is still being written. The bench model's random weights sometimes end a reply after a
 * few tokens; then it asks again (three tries).
 */
async function startGrowingReply(page: Page, text: string): Promise<number[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const count = await messages(page).count();
    await box(page).fill(text);
    await page.keyboard.press("Enter");
    const reply = messages(page).nth(count + 1);
    const stop = page.getByRole("button", { name: "Stop" });
    // The random weights sometimes write no text for a long while (bytes that never complete a
    // character); such a reply is stopped and the question asked again.
    const wrote = await reply
      .locator(".markdown")
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    const lengths: number[] = [];
    for (let sample = 0; wrote && sample < 40 && (await stop.isVisible()); sample++) {
      lengths.push((await reply.innerText()).length);
      if (new Set(lengths).size >= 3) return lengths;
      await page.waitForTimeout(100);
    }
    // Not seen growing (it ended, or the machine is slow): stop it rather than wait for its end,
    // which no limit brings within a minute any more.
    if (await stop.isVisible()) await stop.click();
    await idle(page);
  }
  throw new Error("three replies in a row could not be watched growing");
}

describe("with a scripted model server (tests about the page, not the model)", () => {
  let model: ScriptedOpenAIServer;
  let app: RunningApp;

  beforeAll(async () => {
    model = await startScriptedOpenAIServer();
    app = await startApp({
      CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`,
      CHAT_IDLE_TIMEOUT_MS: "1500",
      CHAT_MAX_BODY_BYTES: "65536",
    });
  });

  afterAll(async () => {
    await app?.stop();
    await model?.close();
  });

  beforeEach(() => model.reset());

  test("Regenerate replaces the last reply", async () => {
    model.enqueue({ reply: ["First ", "answer."] }, { reply: ["Second ", "answer."] });
    const page = await open(app);
    await box(page).fill("Hi");
    await page.keyboard.press("Enter");
    await idle(page);
    expect(await read(lastReply(page))).toContain("First answer.");

    await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
    await idle(page);
    await expect.poll(() => read(lastReply(page))).toContain("Second answer.");
    expect(await messages(page).count()).toBe(2);
    await page.close();
  });

  test("Edit replaces the message and everything after it", async () => {
    model.enqueue({ reply: ["One."] }, { reply: ["Two."] }, { reply: ["Edited reply."] });
    const page = await open(app);
    for (const text of ["first question", "second question"]) {
      await box(page).fill(text);
      await page.keyboard.press("Enter");
      await idle(page);
    }
    expect(await messages(page).count()).toBe(4);

    await messages(page).nth(0).getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Edit message").fill("changed question");
    await page.getByRole("button", { name: "Save & Send" }).click();
    await idle(page);
    await expect.poll(() => read(lastReply(page))).toContain("Edited reply.");
    expect(await messages(page).count()).toBe(2);
    expect(await read(messages(page).nth(0))).toContain("changed question");
    const sent = model.requests.at(-1) as { messages: Array<{ role: string; content: string }> };
    expect(sent.messages.filter((m) => m.role !== "system")).toEqual([
      { role: "user", content: "changed question" },
    ]);
    await page.close();
  });

  test("HTML and javascript: links from the model or the user stay inert; Markdown renders", async () => {
    model.enqueue({
      reply: [
        "Here: <img src=x onerror=\"window.__xss='model'\"> and ",
        "[a link](javascript:window.__xss='link')\n\n",
        "```js\nconst x = 1;\n```\n\n**bold**",
      ],
      delayMs: 50,
    });
    const page = await open(app);
    await box(page).fill(`<img src=x onerror="window.__xss='user'"> [x](javascript:alert(1))`);
    await page.keyboard.press("Enter");
    await idle(page);

    const reply = lastReply(page);
    expect(await reply.locator("img").count()).toBe(0);
    expect(await messages(page).nth(0).locator("img").count()).toBe(0);
    expect(await reply.innerText()).toContain("<img src=x onerror=\"window.__xss='model'\">");
    // The link loses its target (it is left as its text).
    const link = reply.getByText("a link");
    expect((await link.getAttribute("href")) ?? "").not.toContain("javascript:");
    await link.click();
    expect(await page.evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
    expect(await reply.locator("pre code").innerText()).toContain("const x = 1;");
    expect(await reply.getByRole("button", { name: "Copy code" }).count()).toBe(1);
    expect(await reply.locator("strong").innerText()).toBe("bold");
    await page.close();
  });

  test("a model error shows inline with Retry, keeps the message, and Retry works", async () => {
    model.enqueue({ status: 400, message: "boom" }, { reply: ["Recovered."] });
    const page = await open(app);
    await box(page).fill("Please answer");
    await page.keyboard.press("Enter");

    const alert = page.locator(".error[role=alert]");
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain("answered with an error (HTTP 400)");
    expect(await read(messages(page).nth(0))).toContain("Please answer");

    await alert.getByRole("button", { name: "Retry" }).click();
    await idle(page);
    await expect.poll(() => read(lastReply(page))).toContain("Recovered.");
    expect(await alert.count()).toBe(0);
    await page.close();
  });

  test("a reasoning model's thinking streams in a Thinking block that collapses when the answer starts, also after a reload", async () => {
    model.enqueue({
      reasoning: ["The user ", "wants a ", "story about ", "a cat."],
      reply: ["Once upon a time, ", "a cat."],
      delayMs: 300,
    });
    const page = await open(app);
    await box(page).fill("Tell me about a cat");
    await page.keyboard.press("Enter");
    const block = lastReply(page).locator("details.thinking");
    await expect
      .poll(() => block.locator("summary").innerText(), { timeout: 10_000 })
      .toBe("Thinking…");
    expect(await block.getAttribute("open")).not.toBeNull();
    await idle(page);
    await expect.poll(() => block.locator("summary").innerText()).toMatch(/^Thought for \d+ s$/);
    expect(await block.getAttribute("open")).toBeNull();
    expect(await read(lastReply(page))).toContain("Once upon a time, a cat.");

    await page.reload();
    const stored = lastReply(page).locator("details.thinking");
    await stored.waitFor();
    expect(await stored.getAttribute("open")).toBeNull();
    expect(await stored.locator("summary").innerText()).toMatch(/^Thought for \d+ s$/);
    await stored.locator("summary").click();
    expect(await stored.locator(".thinking-text").innerText()).toBe(
      "The user wants a story about a cat.",
    );
    await page.close();
  });

  test("a message too large to send comes back into the box with the reason", async () => {
    const page = await open(app);
    await box(page).fill("x".repeat(70_000));
    await page.keyboard.press("Enter");
    const alert = page.locator(".error[role=alert]");
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      "This message is too large to send: a request may carry at most 64 KB.",
    );
    expect(await alert.getByRole("button", { name: "Retry" }).count()).toBe(0);
    expect(await box(page).inputValue()).toHaveLength(70_000);
    expect(await messages(page).count()).toBe(0);
    await page.close();
  });

  test("a model that goes silent is stopped by the idle limit; the page says so and keeps the text", async () => {
    model.enqueue({ reply: ["Once upon", " a time"], delayMs: 50, stallMs: 20_000 });
    const page = await open(app);
    await box(page).fill("Tell me a story");
    await page.keyboard.press("Enter");
    const alert = page.locator(".error[role=alert]");
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.innerText()).toContain(
      "The model sent nothing for 1.5 s, so the reply was stopped (idle limit).",
    );
    expect(await read(lastReply(page))).toContain("Once upon a time");
    // Stored as it was when the limit stopped it: a reload shows the same text.
    await page.reload();
    await expect.poll(() => read(lastReply(page))).toContain("Once upon a time");
    await page.close();
  });
});
