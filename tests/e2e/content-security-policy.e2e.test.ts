import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { box, lastReply, say } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * The pages' Content-Security-Policy in Chromium: the page works under it (hydration, a streamed
 * reply, server actions), a script without the response's nonce does not run and is reported,
 * and a reply's image from another origin is never fetched — neither by the Markdown (a link)
 * nor, were one put in the page anyway, by the browser (img-src).
 */

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;
/** A server an image would be fetched from: it records every request it gets. */
let watched: { server: Server; port: number; requests: string[] };

beforeAll(async () => {
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  app = await startApp({ CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted` });
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? "");
    response.writeHead(200, { "content-type": "image/gif" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  watched = { server, port: (server.address() as AddressInfo).port, requests };
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
  await new Promise((resolve) => watched?.server.close(resolve));
});

interface Violation {
  directive: string;
  blocked: string;
  /** Where the refused code or request was, for a failure's message. */
  source: string;
}

/** Runs in the page before its own scripts: keeps every CSP violation it reports. */
function recordViolations() {
  const seen: Violation[] = [];
  (window as unknown as { __violations: typeof seen }).__violations = seen;
  document.addEventListener("securitypolicyviolation", (event) => {
    seen.push({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
    });
  });
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);

/** Opens the chat, recording the CSP violations it reports. */
async function open(): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(recordViolations);
  const response = await page.goto(app.url);
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  await page.getByText("Model: scripted").waitFor();
  return page;
}

describe("under the pages' Content-Security-Policy", () => {
  test("the page hydrates, streams a reply and runs its server actions, with no violation", async () => {
    const page = await open();
    const answers: Array<Promise<string>> = [];
    page.on("response", (response) => answers.push(response.text().catch(() => "")));
    model.enqueue({ reply: ["Hello ", "**there**", "."], delayMs: 20 });
    await say(page, "Hi");
    expect(await lastReply(page).locator("strong").innerText()).toBe("there");
    // Settings load and save through server actions.
    await page.getByRole("button", { name: "Settings" }).click();
    await page
      .getByRole("option", { name: "scripted (default)" })
      .first()
      .waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved. The next reply uses these settings.").waitFor();
    // What the page got never names the model's server (CHAT_MODEL's address).
    const got = (await Promise.all(answers)).join("\n") + (await page.content());
    expect(got).toContain("scripted");
    expect(got).not.toContain(model.baseURL);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  test("a script without the response's nonce does not run, and the violation is reported", async () => {
    const page = await browser.newPage();
    await page.addInitScript(recordViolations);
    // An HTML injection into the page as served: a script and an event handler the server did
    // not write, under the policy the server sent.
    await page.route(app.url, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        "<body>",
        '<body><script>window.__injected = true</script><img src="data:," onerror="window.__handler = true">',
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto(app.url);
    // The app's own scripts, which carry the nonce, still run: the page hydrates and works.
    await page.getByText("Model: scripted").waitFor();
    await box(page).fill("typed");
    const ran = await page.evaluate(async () => {
      const marks = window as unknown as Record<string, boolean>;
      const insert = (mark: string, nonce?: string) => {
        const script = document.createElement("script");
        if (nonce) script.nonce = nonce;
        script.textContent = `window.${mark} = true;`;
        document.body.append(script);
      };
      insert("__inserted");
      // The same with the page's nonce runs: the checks could have seen a script run.
      insert("__withNonce", document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return ["__injected", "__handler", "__inserted", "__withNonce"].filter((mark) => marks[mark]);
    });
    expect(ran).toEqual(["__withNonce"]);
    const reported = await violations(page);
    expect(reported).toContainEqual(
      expect.objectContaining({ directive: "script-src-elem", blocked: "inline" }),
    );
    expect(reported).toContainEqual(
      expect.objectContaining({ directive: "script-src-attr", blocked: "inline" }),
    );
    await page.close();
  });
});

describe("a reply's image from another origin", () => {
  test("is a link with its alt text, and nothing is fetched", async () => {
    watched.requests.length = 0;
    const page = await open();
    const src = `http://127.0.0.1:${watched.port}/?q=secret`;
    model.enqueue({ reply: ["Look: ", `![the secret](${src})`, " there."] });
    await say(page, "Show me");
    const link = lastReply(page).getByRole("link", { name: "the secret" });
    expect(await link.getAttribute("href")).toBe(src);
    expect(await lastReply(page).locator("img").count()).toBe(0);

    // And were an image put in the page anyway, img-src keeps the browser from fetching it.
    const loaded = await page.evaluate(async (url) => {
      const image = document.createElement("img");
      image.src = `${url}&layer=csp`;
      document.body.append(image);
      return new Promise<boolean>((resolve) => {
        image.onload = () => resolve(true);
        image.onerror = () => resolve(false);
      });
    }, src);
    expect(loaded).toBe(false);
    expect(await violations(page)).toContainEqual(
      expect.objectContaining({
        directive: "img-src",
        blocked: `http://127.0.0.1:${watched.port}/?q=secret&layer=csp`,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watched.requests).toEqual([]);
    await page.close();
  });
});
