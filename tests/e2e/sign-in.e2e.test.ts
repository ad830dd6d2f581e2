import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { rawRequest } from "../support/raw-http";

/**
 * CHAT_API_KEYS protects what the README says it does (CHAT_AUTH=none): /v1 with a bearer key, and
 * the page, its API and the server actions with a sign-in; and a server other machines can reach
 * does not start without accounts (the keys are one shared identity: not enough there).
 */

const KEY = "sign-in-test-key-0123456789";
const noModel = { CHAT_MODEL: "openai-compatible:http://127.0.0.1:9/v1#none" };

test.each([
  ["without keys", {}],
  ["with only the operator's keys", { CHAT_API_KEYS: KEY }],
])("HOST beyond loopback %s: the server refuses to start, saying how", async (_case, keys) => {
  const started = startApp({ ...noModel, HOST: "0.0.0.0", ...keys });
  const error = await started.then(
    async (app) => {
      await app.stop();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(String(error)).toContain("the app exited at start");
  expect(String(error)).toContain(
    "Refusing to start: HOST=0.0.0.0 lets other machines reach this server, and without accounts nothing tells one person's conversations, keys and tools from another's. Set CHAT_AUTH=accounts",
  );
  expect(String(error)).toContain("or set HOST=127.0.0.1");
});

describe("CHAT_API_KEYS on loopback (behind a reverse proxy on the same machine, say)", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp({ ...noModel, CHAT_API_KEYS: `other-key,${KEY}` });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const json = { "content-type": "application/json" };

  test("without a sign-in, pages go to the sign-in page, and the API and actions are refused", async () => {
    const page = await rawRequest(`${app.url}/c/abc?x=1`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe("/sign-in?next=%2Fc%2Fabc%3Fx%3D1");
    for (const path of ["/", "/basic", "/api/conversations", "/api/chat/abc/stream"]) {
      expect((await rawRequest(`${app.url}${path}`)).status, path).not.toBe(200);
    }
    const api = await rawRequest(`${app.url}/api/conversations`);
    expect([api.status, JSON.parse(api.body).error.code]).toEqual([401, "sign-in-needed"]);
    const action = await rawRequest(`${app.url}/basic`, {
      method: "POST",
      headers: { "next-action": "00", "content-type": "text/plain;charset=UTF-8" },
      body: "[]",
    });
    expect(action.status).toBe(401);
    const chat = await rawRequest(`${app.url}/api/chat`, {
      method: "POST",
      headers: json,
      body: "{}",
    });
    expect(chat.status).toBe(401);
  });

  test("/v1 takes the key as a bearer token, and /health stays public", async () => {
    expect((await fetch(`${app.url}/v1/models`)).status).toBe(401);
    const models = await fetch(`${app.url}/v1/models`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(models.status).toBe(200);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  test("a wrong key signs nobody in; a right one gives a signed, httpOnly cookie that opens the page", async () => {
    const wrong = await rawRequest(`${app.url}/api/session`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ key: "sign-in-test-key" }),
    });
    expect(wrong.status).toBe(401);
    expect(String(wrong.headers["set-cookie"])).not.toContain("chat_sign_in");
    const right = await rawRequest(`${app.url}/api/session`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ key: KEY }),
    });
    expect(right.status).toBe(204);
    const cookie = String(right.headers["set-cookie"]?.find((c) => c.startsWith("chat_sign_in=")));
    expect(cookie).toMatch(
      /^chat_sign_in=[0-9a-f]{16}_\d+\.[\w-]+; Path=\/; .*HttpOnly; SameSite=lax$/,
    );
    expect(cookie).not.toContain(KEY);
    const page = await rawRequest(`${app.url}/api/conversations`, {
      headers: { cookie: cookie.split(";")[0] as string },
    });
    expect(page.status).toBe(200);
  });

  test("in a browser: the page asks for a key, then opens the page that was asked for", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/basic`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.getByLabel("Key").fill("not-a-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That is not one of this server's keys.").waitFor();
    await page.getByLabel("Key").fill(KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.url}/basic`);
    // The reference page's server action runs for a signed-in browser.
    await page.getByText("Model: none").waitFor();
    await page.close();
  });
});
