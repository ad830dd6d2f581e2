import { describe, expect, test } from "vitest";
import { signSignIn } from "@/lib/session/sign-in-cookie";
import { allowedHostsFrom } from "./allowed-hosts";
import { checkRequest, type RequestGuardOptions, refusalResponse } from "./request-guard";

const allowedHosts = allowedHostsFrom({ host: "127.0.0.1", port: 3000, extra: [] });
const open: RequestGuardOptions = { allowedHosts };
const SECRET = "a-session-secret-of-at-least-32-characters";
const keyId = "0123456789abcdef";
const withKeys: RequestGuardOptions = {
  allowedHosts,
  signIn: { secret: SECRET, keyIds: new Set([keyId]) },
};
const noCookies = () => undefined;

function request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return new Request(`http://127.0.0.1:3000${path}`, {
    ...init,
    headers: { host: "127.0.0.1:3000", ...init.headers },
  });
}

const json = { "content-type": "application/json" };

describe("the request guard", () => {
  test.each(["/", "/c/abc", "/api/chat", "/v1/models", "/health", "/_next/static/x.js"])(
    "a forged Host is refused on %s, before anything else",
    async (path) => {
      const refusal = await checkRequest(
        request(path, { headers: { host: "attacker.example:3000" } }),
        withKeys,
        noCookies,
      );
      expect(refusal).toMatchObject({ status: 421, code: "misdirected-request" });
    },
  );

  test.each([
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "same-site" }],
    [{ origin: "http://localhost:4000" }],
    [{ origin: "http://attacker.example:3000" }],
    [{ origin: "null" }],
  ])("a write from another page is refused: %j", async (headers) => {
    for (const path of ["/api/chat", "/api/chat/x/stop", "/v1/chat/completions", "/c/x"]) {
      const refusal = await checkRequest(
        request(path, { method: "POST", headers: { ...json, "next-action": "a", ...headers } }),
        open,
        noCookies,
      );
      expect(refusal, path).toMatchObject({ status: 403, code: "cross-site-request" });
    }
  });

  test("a write from the app's own page, or from a program, passes", async () => {
    const own = { ...json, "sec-fetch-site": "same-origin", origin: "http://127.0.0.1:3000" };
    expect(
      await checkRequest(request("/api/chat", { method: "POST", headers: own }), open, noCookies),
    ).toBeUndefined();
    expect(
      await checkRequest(
        request("/v1/chat/completions", { method: "POST", headers: json }),
        open,
        noCookies,
      ),
    ).toBeUndefined();
  });

  test("reads are not asked where they come from (a page may link to the app)", async () => {
    const headers = { "sec-fetch-site": "cross-site" };
    expect(await checkRequest(request("/c/x", { headers }), open, noCookies)).toBeUndefined();
  });

  test.each([
    undefined,
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
  ])("a write whose body is not declared JSON (%s) is refused with 415", async (type) => {
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    for (const path of ["/api/chat", "/api/conversations/import", "/v1/chat/completions"]) {
      const refusal = await checkRequest(
        request(path, { method: "POST", headers, body: "{}" }),
        open,
        noCookies,
      );
      expect(refusal, path).toMatchObject({ status: 415, code: "unsupported-media-type" });
    }
  });

  test("a file's bytes (application/octet-stream) are taken by the upload route only, and never from another site", async () => {
    const bytes = { "content-type": "application/octet-stream" };
    expect(
      await checkRequest(
        request("/api/conversations/c1/files?name=a.pdf", {
          method: "POST",
          headers: bytes,
          body: "%PDF-",
        }),
        open,
        noCookies,
      ),
    ).toBeUndefined();
    for (const path of [
      "/api/chat",
      "/api/conversations/import",
      "/api/conversations/c1/files/x",
      "/api/x/c1/files",
      "/v1/files",
    ]) {
      const refusal = await checkRequest(
        request(path, { method: "POST", headers: bytes, body: "x" }),
        open,
        noCookies,
      );
      expect(refusal, path).toMatchObject({ status: 415 });
    }
    for (const type of ["multipart/form-data; boundary=x", "text/plain"]) {
      expect(
        await checkRequest(
          request("/api/conversations/c1/files?name=a.txt", {
            method: "POST",
            headers: { "content-type": type },
            body: "x",
          }),
          open,
          noCookies,
        ),
      ).toMatchObject({ status: 415 });
    }
    const crossSite = { ...bytes, "sec-fetch-site": "cross-site" };
    expect(
      await checkRequest(
        request("/api/conversations/c1/files?name=a.txt", {
          method: "POST",
          headers: crossSite,
          body: "x",
        }),
        open,
        noCookies,
      ),
    ).toMatchObject({ status: 403 });
  });

  test("a DELETE without a body passes (an SDK sends no type): no page can send one unasked", async () => {
    expect(
      await checkRequest(request("/v1/responses/resp_1", { method: "DELETE" }), open, noCookies),
    ).toBeUndefined();
    // From another site it is still refused, by where it comes from.
    const headers = { "sec-fetch-site": "cross-site" };
    expect(
      await checkRequest(
        request("/v1/responses/resp_1", { method: "DELETE", headers }),
        open,
        noCookies,
      ),
    ).toMatchObject({ status: 403 });
  });

  test("Next's server actions post text to pages; the same text to an API route is refused", async () => {
    const action = { "content-type": "text/plain;charset=UTF-8", "next-action": "7f00" };
    expect(
      await checkRequest(
        request("/basic", { method: "POST", headers: action, body: "[]" }),
        open,
        noCookies,
      ),
    ).toBeUndefined();
    expect(
      await checkRequest(
        request("/api/chat", { method: "POST", headers: action, body: "[]" }),
        open,
        noCookies,
      ),
    ).toMatchObject({ status: 415 });
  });

  test("with the operator's keys, pages and their API need a sign-in; /v1, /health and build files do not", async () => {
    for (const path of ["/", "/c/x", "/basic", "/api/conversations", "/api/chat/x/stream"]) {
      expect(await checkRequest(request(path), withKeys, noCookies), path).toMatchObject({
        status: 401,
        code: "sign-in-needed",
      });
    }
    for (const path of [
      "/sign-in",
      "/v1/models",
      "/health",
      "/_next/static/x.js",
      "/favicon.ico",
    ]) {
      expect(await checkRequest(request(path), withKeys, noCookies), path).toBeUndefined();
    }
    const signIn = await checkRequest(
      request("/api/session", { method: "POST", headers: json }),
      withKeys,
      noCookies,
    );
    expect(signIn).toBeUndefined();
    const action = { "content-type": "text/plain", "next-action": "7f00" };
    expect(
      await checkRequest(
        request("/basic", { method: "POST", headers: action }),
        withKeys,
        noCookies,
      ),
    ).toMatchObject({ status: 401 });
  });

  test("a genuine sign-in cookie lets the page in; a forged, expired or revoked one does not", async () => {
    const good = await signSignIn(keyId, SECRET);
    const cookies = (value: string) => (name: string) =>
      name === "chat_sign_in" ? value : undefined;
    expect(await checkRequest(request("/"), withKeys, cookies(good))).toBeUndefined();
    const forged = await signSignIn(keyId, "another-secret-of-at-least-32-characters!");
    expect(await checkRequest(request("/"), withKeys, cookies(forged))).toMatchObject({
      status: 401,
    });
    const expired = await signSignIn(keyId, SECRET, Date.now() - 31 * 24 * 3600 * 1000);
    expect(await checkRequest(request("/"), withKeys, cookies(expired))).toMatchObject({
      status: 401,
    });
    const revoked = await signSignIn("fedcba9876543210", SECRET);
    expect(await checkRequest(request("/"), withKeys, cookies(revoked))).toMatchObject({
      status: 401,
    });
    // Over https only the __Host- cookie counts.
    const https = request("/", { headers: { "x-forwarded-proto": "https" } });
    expect(await checkRequest(https, withKeys, cookies(good))).toMatchObject({ status: 401 });
    const hostCookie = (name: string) => (name === "__Host-chat_sign_in" ? good : undefined);
    expect(await checkRequest(https, withKeys, hostCookie)).toBeUndefined();
  });

  test("refusals are shaped for who reads them", async () => {
    const refusal = { status: 401, code: "sign-in-needed", message: "Sign in first." } as const;
    const page = refusalResponse(request("/c/x?y=1"), refusal);
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(
      "http://127.0.0.1:3000/sign-in?next=%2Fc%2Fx%3Fy%3D1",
    );
    const api = refusalResponse(request("/api/conversations"), refusal);
    expect(await api.json()).toEqual({
      error: { code: "sign-in-needed", message: "Sign in first." },
    });
    const v1 = refusalResponse(request("/v1/models"), {
      status: 415,
      code: "unsupported-media-type",
      message: "JSON.",
    });
    expect(await v1.json()).toEqual({
      error: {
        message: "JSON.",
        type: "invalid_request_error",
        param: null,
        code: "unsupported_media_type",
      },
    });
    const action = refusalResponse(request("/basic", { method: "POST" }), refusal);
    expect([action.status, await action.text()]).toEqual([401, "Sign in first.\n"]);
  });

  test("with accounts, pages and their API need a session cookie; the account pages and Better Auth's API do not", async () => {
    const accounts: RequestGuardOptions = {
      allowedHosts,
      accounts: { sessionCookies: ["chat.session_token", "__Secure-chat.session_token"] },
    };
    for (const path of [
      "/",
      "/c/x",
      "/admin",
      "/account",
      "/api/conversations",
      "/api/admin/usage",
    ]) {
      expect(await checkRequest(request(path), accounts, noCookies), path).toMatchObject({
        status: 401,
        code: "sign-in-needed",
        message: "Sign in first (/sign-in).",
      });
    }
    for (const path of [
      "/sign-in",
      "/sign-up",
      "/reset-password",
      "/api/auth/get-session",
      "/v1/models",
      "/health",
    ]) {
      expect(await checkRequest(request(path), accounts, noCookies), path).toBeUndefined();
    }
    const signUp = request("/api/auth/sign-up/email", { method: "POST", headers: json });
    expect(await checkRequest(signUp, accounts, noCookies)).toBeUndefined();
    const session = (name: string) => (asked: string) =>
      asked === name ? "token.signature" : undefined;
    for (const name of ["chat.session_token", "__Secure-chat.session_token"]) {
      expect(await checkRequest(request("/c/x"), accounts, session(name)), name).toBeUndefined();
    }
    // The operator's sign-in cookie is no session here.
    expect(await checkRequest(request("/"), accounts, session("chat_sign_in"))).toMatchObject({
      status: 401,
    });
  });
});
