import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, read, say } from "../support/chat-page";
import { everythingServer } from "../support/mcp-everything";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * CHAT_AUTH=accounts in a real browser: the first account is the admin, who invites a second
 * person; each chats, and neither sees the other's conversations, exports or keys; a person's
 * key works with the official `openai` client on their own stored responses and is refused once
 * revoked; disabling a person ends their session at once; usage is counted per person. An MCP
 * server marked `"scope": "user"` (server-everything over stdio, whose logging toggle is state
 * kept per connection) is a connection of each person's own.
 */

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;

beforeAll(async () => {
  browser = await launchChromium();
  model = await startScriptedOpenAIServer({ decide: () => ({ reply: ["Hello ", "there."] }) });
  const config = join(await mkdtemp(join(tmpdir(), "chat-accounts-")), "mcp.json");
  await writeFile(
    config,
    JSON.stringify({
      mcpServers: {
        mine: { command: process.execPath, args: [everythingServer, "stdio"], scope: "user" },
      },
    }),
  );
  app = await startApp({
    CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`,
    CHAT_MCP_CONFIG: config,
    CHAT_AUTH: "accounts",
    // Beyond loopback is allowed with accounts (the test still connects on 127.0.0.1).
    HOST: "0.0.0.0",
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

const sidebarLinks = (page: Page) => page.locator(".conversation-list a");

async function fillSignUp(page: Page, name: string, email: string, url = `${app.url}/sign-up`) {
  await page.goto(url);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Make my account" }).click();
}

async function signUp(page: Page, name: string, email: string, url = `${app.url}/sign-up`) {
  await fillSignUp(page, name, email, url);
  await page.waitForURL(`${app.url}/`);
}

async function makeKey(page: Page, name: string): Promise<string> {
  await page.goto(`${app.url}/account`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Make a key" }).click();
  const key = await page.locator("output.new-key").innerText();
  await page.getByRole("cell", { name, exact: true }).waitFor();
  return key;
}

describe("two people on one installation", () => {
  let ada: BrowserContext;
  let bob: BrowserContext;
  let adaPage: Page;
  let bobPage: Page;
  let adaChat = "";
  let bobChat = "";
  let bobKey = "";

  beforeAll(async () => {
    ada = await browser.newContext();
    bob = await browser.newContext();
    adaPage = await ada.newPage();
    bobPage = await bob.newPage();
  });

  afterAll(async () => {
    await ada?.close();
    await bob?.close();
  });

  test("it starts beyond loopback with accounts, saying which names it answers to", () => {
    expect(app.output()).toMatch(/\[security\] HOST=0\.0\.0\.0, .*CHAT_ALLOWED_HOSTS/);
  });

  test("a page, its API and /v1 need a person first", async () => {
    await adaPage.goto(`${app.url}/c/abc`);
    expect(new URL(adaPage.url()).pathname).toBe("/sign-in");
    const api = await fetch(`${app.url}/api/conversations`);
    expect([api.status, ((await api.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      "sign-in-needed",
    ]);
    expect((await fetch(`${app.url}/v1/models`)).status).toBe(401);
  });

  test("the first account is the admin; sign-up after it is by invite", async () => {
    await signUp(adaPage, "Ada", "ada@example.com");
    await adaPage.getByRole("link", { name: "Admin" }).waitFor();
    await fillSignUp(bobPage, "Bob", "bob@example.com");
    await bobPage.getByText("Sign-up here is by invitation").waitFor();

    await adaPage.goto(`${app.url}/admin`);
    await adaPage.getByRole("heading", { name: "People" }).waitFor();
    await adaPage.getByRole("button", { name: "Make an invite link" }).click();
    const link = await adaPage.locator("output.invite-link").innerText();
    expect(link).toMatch(/\/sign-up\?invite=/);
    await signUp(bobPage, "Bob", "bob@example.com", link.replace(/^https?:\/\/[^/]+/, app.url));
    expect(await bobPage.getByRole("link", { name: "Admin" }).count()).toBe(0);
  });

  test("both chat; neither sees the other's conversations or exports", async () => {
    await adaPage.goto(app.url);
    await say(adaPage, "Ada's secret plan");
    expect(await read(lastReply(adaPage))).toContain("Hello there.");
    adaChat = new URL(adaPage.url()).pathname.split("/").at(-1) ?? "";
    await bobPage.goto(app.url);
    await say(bobPage, "Bob's own question");
    bobChat = new URL(bobPage.url()).pathname.split("/").at(-1) ?? "";

    await adaPage.reload();
    expect(await sidebarLinks(adaPage).allInnerTexts()).toEqual(["Ada's secret plan"]);
    await bobPage.reload();
    expect(await sidebarLinks(bobPage).allInnerTexts()).toEqual(["Bob's own question"]);

    const other = await bobPage.goto(`${app.url}/c/${adaChat}`);
    expect(other?.status()).toBe(404);
    const exported = await bobPage.request.get(`${app.url}/api/conversations/${adaChat}/export`);
    expect(exported.status()).toBe(404);
    const search = await bobPage.request.get(`${app.url}/api/conversations?q=secret`);
    expect(((await search.json()) as { conversations: unknown[] }).conversations).toEqual([]);
    const mine = await adaPage.request.get(`${app.url}/api/conversations/${adaChat}/export`);
    expect(mine.status()).toBe(200);
  });

  test("a per-person MCP server: each person's calls reach a connection of their own", async () => {
    const toggle = "toggle-simulated-logging";
    /** Ada, then Bob, has the model call the tool that keeps its state per connection. */
    async function toggleLogging(page: Page): Promise<string> {
      model.enqueue(
        { reply: [], toolCalls: [{ name: toggle, arguments: "{}" }] },
        { reply: ["Toggled."] },
      );
      await page.goto(app.url);
      await box(page).fill("Toggle the logging");
      await page.keyboard.press("Enter");
      const card = lastReply(page)
        .locator(".tool-card")
        .filter({ hasText: `Tool: ${toggle}` });
      await expect
        .poll(() => card.locator(".tool-status").innerText())
        .toBe("Waiting for your approval");
      await card.getByRole("button", { name: "Allow", exact: true }).click();
      await expect.poll(() => card.locator(".tool-status").innerText()).toBe("Done");
      await idle(page);
      return (await card.locator(".tool-output").textContent()) ?? "";
    }
    expect(await toggleLogging(adaPage)).toMatch(/^Started simulated/);
    // A shared connection would now say "Stopped": Bob's is his own, started afresh.
    expect(await toggleLogging(bobPage)).toMatch(/^Started simulated/);
    expect(await toggleLogging(adaPage)).toMatch(/^Stopped simulated/);
  });

  test("keys: each person's own, with the openai client on their own stored responses", async () => {
    bobKey = await makeKey(bobPage, "bob-laptop");
    expect(bobKey).toMatch(/^chat_/);
    const adaKey = await makeKey(adaPage, "ada-ci");
    // Each sees their own key only, and never a key again after it was shown.
    expect(await adaPage.getByRole("cell", { name: "bob-laptop", exact: true }).count()).toBe(0);
    await bobPage.reload();
    await bobPage.getByRole("cell", { name: "bob-laptop", exact: true }).waitFor();
    expect(await bobPage.locator("body").innerText()).not.toContain(bobKey);

    const asBob = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: bobKey });
    const asAda = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: adaKey });
    const completion = await asBob.chat.completions.create({
      model: "scripted",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(completion.choices[0]?.message.content).toBe("Hello there.");
    const stored = await asBob.responses.create({
      model: "scripted",
      input: "Remember me",
      store: true,
    });
    expect((await asBob.responses.retrieve(stored.id)).id).toBe(stored.id);
    await expect(asAda.responses.retrieve(stored.id)).rejects.toMatchObject({ status: 404 });

    await bobPage.reload();
    const row = bobPage.getByRole("row", { name: /bob-laptop/ });
    expect(await row.innerText()).not.toMatch(/never/);

    await row.getByRole("button", { name: "Revoke bob-laptop" }).click();
    await bobPage.getByText("No keys.").waitFor();
    await expect(
      asBob.chat.completions.create({
        model: "scripted",
        messages: [{ role: "user", content: "Hi" }],
      }),
    ).rejects.toMatchObject({ status: 401 });
    bobKey = await makeKey(bobPage, "bob-second");
  });

  test("the admin sees usage per person and model, as a chart and as CSV", async () => {
    await adaPage.goto(`${app.url}/admin`);
    const usage = adaPage.getByRole("region", { name: "Usage" });
    await usage.getByRole("img", { name: "Tokens per day" }).waitFor();
    const table = await usage.locator("table").innerText();
    expect(table).toContain("ada@example.com");
    expect(table).toContain("bob@example.com");
    const csv = await adaPage.request.get(`${app.url}/api/admin/usage?format=csv`);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("day,person,model,messages,input_tokens,output_tokens");
    expect(lines.some((line) => line.includes('"bob@example.com","scripted"'))).toBe(true);
    // Not for Bob.
    const refused = await bobPage.request.get(`${app.url}/api/admin/usage`);
    expect(refused.status()).toBe(403);
  });

  test("a person over their fair share: 429 with Retry-After on /v1, a sentence in the page", async () => {
    await adaPage.goto(`${app.url}/admin`);
    await adaPage.getByLabel("Person").selectOption({ label: "bob@example.com" });
    await adaPage.getByRole("button", { name: "Give them their own share" }).click();
    const own = adaPage.getByRole("group", { name: "bob@example.com" });
    await own.getByLabel(/Requests per minute/).fill("1");
    await adaPage.getByRole("button", { name: "Save sign-up and access" }).click();
    await adaPage.getByText("The policy is saved.").waitFor();

    const asBob = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: bobKey, maxRetries: 0 });
    const ask = () =>
      asBob.chat.completions.create({
        model: "scripted",
        messages: [{ role: "user", content: "Hi" }],
      });
    const outcome = await ask()
      .then(
        () => ask(),
        () => ask(),
      )
      .catch((error: unknown) => error);
    expect(outcome).toMatchObject({ status: 429 });
    const retryAfter = Number((outcome as { headers: Headers }).headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(String((outcome as Error).message)).toMatch(
      /You have sent your 1 request of this minute: go on in \d+ s\./,
    );

    await bobPage.goto(app.url);
    await bobPage.getByLabel("Message", { exact: true }).fill("One more, please");
    await bobPage.keyboard.press("Enter");
    await bobPage
      .getByText(/You have sent your 1 request of this minute: go on in \d+ s\./)
      .waitFor();
  });

  test("disabling a person ends their session and their keys at once", async () => {
    await adaPage.goto(`${app.url}/admin`);
    await adaPage.getByRole("button", { name: "Disable bob@example.com" }).click();
    await adaPage.getByText("bob@example.com is disabled").waitFor();
    const api = await bobPage.request.get(`${app.url}/api/conversations`);
    expect(api.status()).toBe(401);
    await bobPage.goto(`${app.url}/c/${bobChat}`);
    expect(new URL(bobPage.url()).pathname).toBe("/sign-in");
    const asBob = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: bobKey });
    await expect(asBob.models.list()).rejects.toMatchObject({ status: 401 });
  });
});
