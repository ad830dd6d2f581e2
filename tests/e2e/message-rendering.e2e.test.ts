import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { signOwnerId } from "@/lib/session/owner-cookie";
import { type RunningApp, startApp } from "../support/app-server";
import { seriousViolations } from "../support/axe";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, messages, say } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { seedConversation } from "../support/seed-conversation";

/**
 * How a conversation's messages look and behave in Chromium (components/message-item.tsx,
 * markdown.tsx): a streamed reply's LaTeX becomes KaTeX, a ```mermaid block an SVG drawn by
 * Mermaid in its strict mode, a code block has its language, a wrap toggle and a copy button that
 * copies — all under the pages' Content-Security-Policy, with no violation. A message's actions
 * show on hover and on keyboard focus, and always on a phone. And axe-core finds no serious or
 * critical problem in a long conversation with tool cards and thinking, in the light and the dark
 * theme. Screenshots go to test-results/screenshots/ for people to look at.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCREENSHOTS = "test-results/screenshots";
const SECRET = "message-rendering-test-secret-0123456789";
const OWNER_ID = "messagerenderingowner00000000000";
const LONG = "message-rendering-long-conversation";
const THEMES = ["light", "dark"] as const;

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  const dataDir = await mkdtemp(join(tmpdir(), "chat-rendering-"));
  // 60 messages of realistic Markdown, each reply after a tool card or a Thinking block.
  await seedConversation({
    dataDir,
    appDir: repoRoot,
    ownerId: OWNER_ID,
    id: LONG,
    pairs: 30,
    replies: "tools",
    title: "Tool cards and thinking",
  });
  app = await startApp(
    { CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`, CHAT_SESSION_SECRET: SECRET },
    { dataDir },
  );
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

beforeEach(() => model.reset());

/** A browser of the seeded conversation's owner; axe's script needs the policy bypassed. */
async function ownersContext(
  options: { theme?: (typeof THEMES)[number]; width?: number; bypassCSP?: boolean } = {},
): Promise<BrowserContext> {
  const { theme = "light", width = 1280, bypassCSP = false } = options;
  const phone = width < 768;
  const context = await browser.newContext({
    viewport: { width, height: phone ? 740 : 900 },
    colorScheme: theme,
    bypassCSP,
    isMobile: phone,
    hasTouch: phone,
  });
  await context.addCookies([
    { name: "chat_owner", value: await signOwnerId(OWNER_ID, SECRET), url: app.url },
  ]);
  return context;
}

interface Violation {
  directive: string;
  blocked: string;
}

/** Runs in the page before its own scripts: keeps every CSP violation it reports. */
function recordViolations() {
  const seen: Violation[] = [];
  (window as unknown as { __violations: typeof seen }).__violations = seen;
  document.addEventListener("securitypolicyviolation", (event) => {
    seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
  });
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENSHOTS}/messages-${name}.png`, animations: "disabled" });

// Written in pieces that cut through the formulas, the diagram and the code, as a model streams.
const RICH_REPLY = [
  "Euler's identity, inline: $$e^{i\\pi} + 1 = 0$$. And as a block:\n\n$$\n\\int_0^1 x",
  "\\,dx = \\frac{1}{2}\n$$\n\nIn LaTeX's own delimiters too: \\(a^2 + b^2 = c^2\\).\n\n",
  "```mermaid\ngraph TD\n  A[Ask] --> B{Clear?}\n  B -->|yes| C[Ans",
  "wer]\n  B -->|no| A\n```\n\nAnd the code:\n\n```ts\nconst answer = 42;\n",
  'console.log("the answer is", answer, "and this line is long enough to need wrapping");\n```\n',
];

describe("a reply with math, a diagram and code", () => {
  test.each(THEMES)(
    "renders KaTeX, an SVG diagram and a working code block (%s theme), under the CSP",
    async (theme) => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        colorScheme: theme,
      });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
      const page = await context.newPage();
      await page.addInitScript(recordViolations);
      await page.goto(app.url);
      await page.getByText("Model: scripted").waitFor();
      model.enqueue({ reply: RICH_REPLY, delayMs: 60 });
      await say(page, "Show me some math, a diagram and code");
      const reply = lastReply(page);

      // Math: KaTeX's HTML and MathML, inline and as a block; `\(…\)` too.
      await reply.locator(".katex").first().waitFor();
      const tex = await reply.locator("annotation").allTextContents();
      expect(tex).toEqual([
        "e^{i\\pi} + 1 = 0",
        "\\int_0^1 x\\,dx = \\frac{1}{2}",
        "a^2 + b^2 = c^2",
      ]);
      expect(await reply.locator(".katex-display").count()).toBe(1);
      expect(await reply.getByText("$$").count()).toBe(0);

      // The diagram: an SVG Mermaid drew, with the labels as text (not markup), no source left.
      const diagram = reply.locator('[data-streamdown="mermaid"] svg');
      await diagram.waitFor({ timeout: 30_000 });
      const labels = (await diagram.allTextContents()).join(" ");
      for (const label of ["Ask", "Clear?", "Answer"]) expect(labels).toContain(label);
      expect(await reply.getByText("graph TD").count()).toBe(0);

      // The code block: its language, highlighted, and the copy button copies exactly the code.
      const code = reply.locator(".code-block", { hasText: "const answer" });
      expect(await code.locator(".code-block-language").innerText()).toBe("ts");
      expect(await code.locator(".hljs-keyword").first().innerText()).toBe("const");
      // In the theme's monospace font, as inline code and the block's language are.
      expect(
        await code.locator("pre code").evaluate((element) => getComputedStyle(element).fontFamily),
      ).toBe(
        await page.evaluate(() => {
          const probe = document.body.appendChild(document.createElement("span"));
          probe.style.fontFamily = "var(--font-mono)";
          const family = getComputedStyle(probe).fontFamily;
          probe.remove();
          return family;
        }),
      );
      await code.getByRole("button", { name: "Copy code" }).click();
      await expect
        .poll(() => page.evaluate(() => navigator.clipboard.readText()))
        .toBe(
          'const answer = 42;\nconsole.log("the answer is", answer, "and this line is long enough to need wrapping");\n',
        );
      // Wrap: long lines fold instead of scrolling sideways.
      const pre = code.locator("pre");
      expect(await pre.evaluate((element) => getComputedStyle(element).whiteSpace)).toBe("pre");
      await code.getByRole("button", { name: "Wrap lines" }).click();
      expect(
        await code.getByRole("button", { name: "Wrap lines" }).getAttribute("aria-pressed"),
      ).toBe("true");
      expect(await pre.evaluate((element) => getComputedStyle(element).whiteSpace)).toBe(
        "pre-wrap",
      );

      await reply.scrollIntoViewIfNeeded();
      await shot(page, `rich-reply-${theme}`);
      // KaTeX's styles and fonts, Mermaid's SVG and its styles, all within the policy.
      expect(await violations(page)).toEqual([]);
      await context.close();
    },
  );

  test("a diagram cannot run script or fetch anything: its labels are text", async () => {
    const page = await browser.newPage();
    await page.addInitScript(recordViolations);
    await page.goto(app.url);
    await page.getByText("Model: scripted").waitFor();
    model.enqueue({
      reply: [
        "```mermaid\ngraph TD\n",
        `  A["<img src=x onerror=window.__xss=1>"] --> B["<script>window.__xss=2</script>"]\n`,
        '  click A call alert("clicked")\n  click B "javascript:window.__xss=3"\n```\n',
      ],
    });
    await say(page, "Draw an unsafe diagram");
    const diagram = lastReply(page).locator('[data-streamdown="mermaid"] svg');
    await diagram.waitFor({ timeout: 30_000 });
    expect(
      await diagram
        .locator("img, script, a[href^='javascript']")
        .evaluateAll((found) => found.map((element) => element.outerHTML)),
    ).toEqual([]);
    await diagram.locator(".node").first().click();
    await diagram.locator(".node").last().click();
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    // Mermaid's rendering parses the label's `<img onerror>` once as HTML (none is left in the
    // page): the policy refuses its handler, reported as an inline script attribute. Nothing else
    // is refused.
    for (const refused of await violations(page)) {
      expect(refused).toEqual({ directive: "script-src-attr", blocked: "inline" });
    }
    await page.close();
  });
});

describe("a message's actions", () => {
  /** The opacity of the box holding a message's Copy button. */
  const actionsOpacity = (page: Page, index: number) =>
    messages(page)
      .nth(index)
      .getByRole("button", { name: "Copy message" })
      .evaluate((button) => getComputedStyle(button.parentElement as Element).opacity);

  test("show on hover and on keyboard focus; a plain chat's replies carry no name", async () => {
    const context = await ownersContext({ width: 1280 });
    const page = await context.newPage();
    await page.goto(app.url);
    await page.getByText("Model: scripted").waitFor();
    model.enqueue({ reply: ["Plain **reply**."] });
    await say(page, "Hello");
    // No `assistant:` nor any name over a plain chat's reply; the bubble is the user's.
    expect(await lastReply(page).locator(".speaker").count()).toBe(0);
    expect(
      await lastReply(page)
        .getByText(/^assistant:?$/)
        .count(),
    ).toBe(0);
    const bubble = await messages(page).nth(0).locator(".user-text").boundingBox();
    const list = await page.locator("ol.messages").boundingBox();
    expect(bubble && list && bubble.x + bubble.width).toBeCloseTo(
      (list?.x ?? 0) + (list?.width ?? 0),
      0,
    );

    await page.mouse.move(0, 0);
    await expect.poll(() => actionsOpacity(page, 1)).toBe("0");
    // The user's hidden actions keep their row's height, and that row is most of the space
    // down to the reply (it used to come on top of the whole gap between messages: 62 px blank).
    const row = await messages(page).nth(0).locator(".actions").boundingBox();
    const replyBox = await lastReply(page).boundingBox();
    expect(row?.height).toBe(28);
    const blank = (replyBox?.y ?? 0) - ((bubble?.y ?? 0) + (bubble?.height ?? 0));
    expect(blank).toBeGreaterThanOrEqual(28);
    expect(blank).toBeLessThanOrEqual(28 + 16);
    // Showing them moves nothing.
    await messages(page).nth(0).hover();
    await expect.poll(() => actionsOpacity(page, 0)).toBe("1");
    expect(await lastReply(page).boundingBox()).toEqual(replyBox);
    await lastReply(page).hover();
    await expect.poll(() => actionsOpacity(page, 1)).toBe("1");
    await page.mouse.move(0, 0);
    await expect.poll(() => actionsOpacity(page, 1)).toBe("0");
    // By keyboard: Tab from the message box backwards reaches the reply's buttons, which show.
    await box(page).focus();
    const regenerate = lastReply(page).getByRole("button", { name: "Regenerate" });
    for (let i = 0; i < 20; i++) {
      if (await regenerate.evaluate((element) => element === document.activeElement)) break;
      await page.keyboard.press("Shift+Tab");
    }
    expect(await regenerate.evaluate((element) => element === document.activeElement)).toBe(true);
    await expect.poll(() => actionsOpacity(page, 1)).toBe("1");
    // Its tooltip names it (CSS: components/action-button.tsx), shown on keyboard focus.
    expect(await regenerate.getAttribute("data-tip")).toBe("Regenerate");
    await expect
      .poll(() => regenerate.evaluate((button) => getComputedStyle(button, "::after").opacity))
      .toBe("1");
    await context.close();
  });

  test("are always there on a phone", async () => {
    const context = await ownersContext({ width: 375 });
    const page = await context.newPage();
    await page.goto(`${app.url}/c/${LONG}`);
    await messages(page).last().waitFor();
    expect(await actionsOpacity(page, (await messages(page).count()) - 1)).toBe("1");
    await context.close();
  });
});

describe("a long conversation with tool cards and thinking", () => {
  for (const width of [1280, 375]) {
    test.each(THEMES)(
      `has no serious accessibility problem at ${width} px (%s theme)`,
      async (theme) => {
        const context = await ownersContext({ theme, width, bypassCSP: true });
        const page = await context.newPage();
        await page.goto(`${app.url}/c/${LONG}`);
        await messages(page).last().waitFor();
        await page.waitForFunction(() => {
          const textarea = document.querySelector('textarea[aria-label="Message"]');
          return (
            textarea !== null && Object.keys(textarea).some((k) => k.startsWith("__reactFiber"))
          );
        });
        // One tool card and one Thinking block opened, as a reader would.
        const card = page.locator(".tool-card").last();
        await card.locator("summary").click();
        await card.locator(".tool-output").waitFor();
        const thinking = page.locator("details.thinking").last();
        await thinking.locator("summary").click();
        await thinking.locator(".thinking-text").waitFor();
        // The theme is the class on <html>: the head script sets it from the system's, but on
        // /c/<id> it was found missing after load; set here, so that axe sees the theme's colours.
        await page.evaluate(
          (dark) => document.documentElement.classList.toggle("dark", dark),
          theme === "dark",
        );
        await shot(page, `long-tools-${width}-${theme}`);
        expect(await seriousViolations(page)).toEqual([]);
        await context.close();
      },
    );
  }
});

test("while a reply streams, only the block being written is rendered again", async () => {
  // Streamdown re-parses the last block only: the reply's first paragraph stays the same element
  // while the second arrives word by word.
  const page = await browser.newPage();
  await page.goto(app.url);
  await page.getByText("Model: scripted").waitFor();
  model.enqueue({
    reply: ["First paragraph.\n\n", "Second ", "paragraph ", "grows ", "word ", "by ", "word."],
    delayMs: 200,
  });
  await box(page).fill("Stream please");
  await page.keyboard.press("Enter");
  const paragraphs = lastReply(page).locator(".markdown p");
  await paragraphs.nth(1).waitFor();
  const mark = () =>
    paragraphs.first().evaluate((element) => {
      const seen = window as unknown as { __first?: Element };
      const same = seen.__first === undefined || seen.__first === element;
      seen.__first = element;
      return same;
    });
  expect(await mark()).toBe(true);
  await expect.poll(() => paragraphs.nth(1).innerText()).toContain("grows");
  expect(await mark()).toBe(true);
  await idle(page);
  expect(await paragraphs.allInnerTexts()).toEqual([
    "First paragraph.",
    "Second paragraph grows word by word.",
  ]);
  await page.close();
});
