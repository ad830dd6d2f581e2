import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { freshPostgresDatabase } from "../support/postgres-database";

/**
 * Two instances of the app on one PostgreSQL database, as a deployment behind a load balancer
 * runs them: sessions live in the database, so a person signed in on one is signed in on the
 * other, and disabled on both at once.
 */

let database: { url: string; drop: () => Promise<void> };
let one: RunningApp;
let two: RunningApp;

beforeAll(async () => {
  database = await freshPostgresDatabase();
  const settings = {
    CHAT_MODEL: "openai-compatible:http://127.0.0.1:9/v1#none",
    CHAT_AUTH: "accounts",
    DATABASE_URL: database.url,
    CHAT_SESSION_SECRET: "a-shared-session-secret-of-at-least-32-chars",
  };
  one = await startApp(settings);
  two = await startApp(settings);
});

afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await database?.drop();
});

/** Better Auth's JSON API, as a program sends it (no browser: no Origin, no cookies jar). */
async function post(app: RunningApp, path: string, body: unknown, cookie = "") {
  const response = await fetch(`${app.url}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, cookie },
    body: JSON.stringify(body),
  });
  const session = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("chat.session_token="));
  return { status: response.status, json: await response.json(), cookie: session ?? "" };
}

test("a session made on one instance works on the other, and ends on both", async () => {
  const admin = await post(one, "/sign-up/email", {
    email: "ada@example.com",
    password: "correct horse battery",
    name: "Ada",
  });
  expect(admin.status).toBe(200);
  const onTwo = await fetch(`${two.url}/api/conversations`, { headers: { cookie: admin.cookie } });
  expect(onTwo.status).toBe(200);

  // The policy an admin saves on one instance holds on the other.
  const policy = await fetch(`${one.url}/api/admin/policy`, { headers: { cookie: admin.cookie } });
  const { policy: current } = (await policy.json()) as { policy: { signUp: string } };
  const saved = await fetch(`${one.url}/api/admin/policy`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: admin.cookie },
    body: JSON.stringify({ ...current, signUp: "open" }),
  });
  expect(saved.status).toBe(200);
  const bob = await post(two, "/sign-up/email", {
    email: "bob@example.com",
    password: "correct horse battery",
    name: "Bob",
  });
  expect(bob.status).toBe(200);
  expect(
    (await fetch(`${one.url}/api/conversations`, { headers: { cookie: bob.cookie } })).status,
  ).toBe(200);

  const banned = await post(one, "/admin/ban-user", { userId: bob.json.user.id }, admin.cookie);
  expect(banned.status).toBe(200);
  for (const app of [one, two]) {
    const refused = await fetch(`${app.url}/api/conversations`, {
      headers: { cookie: bob.cookie },
    });
    expect(refused.status).toBe(401);
  }
});
