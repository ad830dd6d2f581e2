import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { type RawResponse, rawRequest } from "../support/raw-http";

/**
 * The built app's request checks over a real socket, with the headers a rebinding page or a page
 * on another origin makes a browser send (lib/http/request-guard.ts, run by proxy.ts for every
 * path and by the import route itself).
 */

let app: RunningApp;
let port: number;
let ownerCookie: string;
let staticFile: string;

beforeAll(async () => {
  // A remote model that is never called: nothing here needs one, and nothing loads.
  app = await startApp({ CHAT_MODEL: "openai-compatible:http://127.0.0.1:9/v1#none" });
  port = Number(new URL(app.url).port);
  const page = await rawRequest(`${app.url}/`);
  ownerCookie = String(page.headers["set-cookie"]?.[0]).split(";")[0] as string;
  staticFile = /\/_next\/static\/chunks\/[\w.-]+\.js/.exec(page.body)?.[0] as string;
});

afterAll(async () => {
  await app?.stop();
});

const send = (
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
) =>
  rawRequest(`${app.url}${path}`, {
    ...options,
    headers: { host: `127.0.0.1:${port}`, cookie: ownerCookie, ...options.headers },
  });

const json = { "content-type": "application/json" };
const chatTurn = JSON.stringify({ trigger: "send", id: "x", message: { id: "m", text: "hi" } });

function expectSentence(response: RawResponse, pattern: RegExp) {
  const text = response.body.trim();
  // Each path's own error shape, and a sentence in it.
  const message = text.startsWith("{") ? JSON.parse(text).error.message : text;
  expect(message).toMatch(pattern);
}

describe("Host allow-list (DNS rebinding)", () => {
  const everyKind = () => [
    ["GET", "/"],
    ["GET", "/basic"],
    ["GET", "/c/some-conversation"],
    ["GET", "/api/conversations"],
    ["GET", "/v1/models"],
    ["GET", "/health"],
    ["GET", staticFile],
    ["POST", "/api/conversations/import"],
    ["POST", "/basic"],
  ];

  test("a request for another name is refused on every path, /v1, /health, the import route and server actions included", async () => {
    for (const [method, path] of everyKind()) {
      for (const host of [
        `attacker.example:${port}`,
        "attacker.example",
        `127.0.0.1:${port + 1}`,
      ]) {
        const response = await send(path as string, {
          method,
          headers: { host, ...json, ...(path === "/basic" ? { "next-action": "00" } : {}) },
          body: method === "POST" ? "{}" : undefined,
        });
        expect(response.status, `${method} ${path} Host: ${host}`).toBe(421);
        expectSentence(response, /does not answer to the name.*CHAT_ALLOWED_HOSTS/);
      }
    }
  });

  test("the loopback names on the server's port are answered", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await send("/health", { headers: { host } })).status, host).toBe(200);
    }
  });
});

describe("writes from another page", () => {
  const writes = () =>
    [
      ["/api/chat", chatTurn, {}],
      ["/api/chat/x/stop", "{}", {}],
      ["/api/conversations/import", "{}", {}],
      ["/v1/chat/completions", "{}", {}],
      ["/basic", "[]", { "next-action": "00", "content-type": "text/plain;charset=UTF-8" }],
    ] as const;

  test.each([
    [{ "sec-fetch-site": "cross-site", origin: "https://attacker.example" }],
    // Another port of localhost, or a sibling subdomain: same site, another origin.
    [{ "sec-fetch-site": "same-site", origin: "http://localhost:8080" }],
    [{ origin: "http://localhost:8080" }],
    [{ origin: "null" }],
  ])("are refused with 403: %j", async (from) => {
    for (const [path, body, headers] of writes()) {
      const response = await send(path, {
        method: "POST",
        headers: { ...json, ...headers, ...from },
        body,
      });
      expect(response.status, path).toBe(403);
      expectSentence(response, /came from a page other than this app's own/);
    }
  });

  test("the app's own page and programs (no Origin) get through", async () => {
    const own = { "sec-fetch-site": "same-origin", origin: `http://127.0.0.1:${port}` };
    const stop = await send("/api/chat/x/stop", { method: "POST", headers: { ...json, ...own } });
    expect([stop.status, JSON.parse(stop.body)]).toEqual([200, { stopped: false }]);
    const api = await send("/v1/chat/completions", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ model: "nope", messages: [{ role: "user", content: "hi" }] }),
    });
    expect([api.status, JSON.parse(api.body).error.code]).toEqual([404, "model_not_found"]);
  });
});

describe("bodies must be declared JSON", () => {
  test.each([
    ["text/plain;charset=UTF-8"],
    ["application/x-www-form-urlencoded"],
    ["multipart/form-data; boundary=x"],
    [undefined],
  ])("a write as %s is refused with 415, whatever it holds", async (type) => {
    for (const path of [
      "/api/chat",
      "/api/chat/x/stop",
      "/api/conversations/import",
      "/v1/chat/completions",
    ]) {
      const response = await send(path, {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body: chatTurn,
      });
      expect(response.status, path).toBe(415);
      expectSentence(response, /must send its body as JSON, with Content-Type: application\/json/);
    }
  });
});

test("an import larger than the proxy's 10 MB is read whole (CHAT_MAX_IMPORT_BYTES holds)", async () => {
  const exported = await readFile("lib/import/__fixtures__/our-conversations.json", "utf8");
  const padding = " ".repeat(11 * 1024 * 1024);
  // White space first, the export last: valid JSON of 11 MB, quick to import, that a body cut at
  // 10 MB (what the proxy passes on) would spoil.
  const body = `${padding}${exported}`;
  const response = await send("/api/conversations/import", { method: "POST", headers: json, body });
  expect(response.status, response.body).toBe(200);
  expect(JSON.parse(response.body)).toMatchObject({ imported: 2, failed: [] });
}, 60_000);

test("every response says nosniff and no-referrer; pages carry their nonce policy", async () => {
  for (const path of ["/", "/health", "/v1/models", staticFile, "/no-such-page"]) {
    const response = await send(path);
    expect(response.headers["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers["referrer-policy"], path).toBe("no-referrer");
  }
  const refused = await send("/api/conversations/import", { method: "POST", body: "{}" });
  expect([refused.status, refused.headers["x-content-type-options"]]).toEqual([415, "nosniff"]);

  const page = await send("/");
  const policy = String(page.headers["content-security-policy"]);
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(policy).toContain("img-src 'self' data:");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  const scripts = page.body.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  // A fresh nonce for every response.
  expect((await send("/")).headers["content-security-policy"]).not.toBe(policy);
});
