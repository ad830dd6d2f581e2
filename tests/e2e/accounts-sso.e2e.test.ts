import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";

/**
 * Single sign-on end to end: a real OpenID Connect provider (`oidc-provider`, with its own login
 * and consent pages) on this machine, the app configured for it by its settings only, and
 * Chromium going from the app's sign-in page to the provider and back, signed in as the person
 * the provider named.
 */

const CLIENT_ID = "chat-app";
const CLIENT_SECRET = "a-client-secret-for-the-test-0123456789";

let browser: Browser;
let app: RunningApp;
let idp: Server;

beforeAll(async () => {
  browser = await launchChromium();
  const idpPort = await freePort();
  const issuer = `http://127.0.0.1:${idpPort}`;
  app = await startApp({
    CHAT_MODEL: "openai-compatible:http://127.0.0.1:9/v1#none",
    CHAT_AUTH: "accounts",
    CHAT_OIDC_ISSUER: issuer,
    CHAT_OIDC_CLIENT_ID: CLIENT_ID,
    CHAT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    CHAT_OIDC_NAME: "Test IdP",
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${app.url}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // Loopback http redirects are for native clients in OpenID's rules; this one is a test.
        application_type: "native",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_context, id) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: `${id}@idp.example.com`,
        email_verified: true,
        name: `${id} from the IdP`,
      }),
    }),
    cookies: { keys: ["a-cookie-key-for-the-test-provider"] },
  });
  idp = createServer(provider.callback());
  await new Promise<void>((resolve) => idp.listen(idpPort, "127.0.0.1", resolve));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await new Promise((resolve) => idp?.close(resolve));
});

test("Sign in with the IdP: its login, its consent, then the chat as that person", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${app.url}/account`);
  expect(new URL(page.url()).pathname).toBe("/sign-in");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();

  await page
    .getByPlaceholder("Enter any login")
    .waitFor({ timeout: 10_000 })
    .catch(async (error) => {
      console.log(page.url(), await page.locator("body").innerText(), app.output());
      throw error;
    });
  await page.getByPlaceholder("Enter any login").fill("grace");
  await page.getByPlaceholder("and password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();

  await page.waitForURL(`${app.url}/account`);
  await page.getByText("Signed in as grace from the IdP (grace@idp.example.com)").waitFor();
  // The first account, made by single sign-on, is the admin too.
  await page.getByRole("link", { name: "Admin" }).waitFor();
  const api = await page.request.get(`${app.url}/api/conversations`);
  expect(api.status()).toBe(200);
  await context.close();
});
