import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ChatStore, openChatStore } from "@/lib/store";
import { freshPostgresDatabase } from "@/tests/support/postgres-database";
import { defaultAccessPolicy, noLimits } from "./access-policy";
import { type Auth, createAuth } from "./create-auth";
import { hashInviteToken, INVITE_HEADER } from "./invite-token";
import { accountKeyCheck } from "./person-keys";
import { catchResetLink } from "./reset-links";
import { sessionPerson } from "./session-check";

/**
 * Better Auth as the app configures it, on each of our databases through its Drizzle adapter and
 * our migrations (its tables are in our schema): sign-up and the first admin, the sign-up policy
 * and invites, sessions in the database (disabling ends them), keys per person, reset links.
 * Called as its HTTP API is, with `new Request` (the browser tests drive it through the page).
 */
const ORIGIN = "http://127.0.0.1:3000";

const backends: Array<[string, () => Promise<{ url: string; drop: () => Promise<void> }>]> = [
  [
    "SQLite",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "chat-auth-"));
      return {
        url: `file:${join(dir, "chat.db")}`,
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  ["PostgreSQL", freshPostgresDatabase],
];

describe.each(backends)("accounts on %s", (_name, makeDatabase) => {
  let store: ChatStore;
  let auth: Auth;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await makeDatabase();
    drop = database.drop;
    store = await openChatStore(database.url);
    auth = createAuth(store, {
      secret: "a-test-secret-that-is-at-least-32-characters",
      baseURL: ORIGIN,
      secureCookies: false,
    });
  });

  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  async function call(path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await auth.handler(
      new Request(`${ORIGIN}/api/auth${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { origin: ORIGIN, "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const cookie = (response.headers.getSetCookie() ?? [])
      .map((line) => line.split(";")[0])
      .filter((pair) => pair?.startsWith("chat.session_token="))
      .join("; ");
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null, cookie };
  }

  const signUp = (email: string, headers: Record<string, string> = {}) =>
    call(
      "/sign-up/email",
      { email, password: "correct horse battery", name: email.split("@")[0] },
      headers,
    );

  let adminCookie = "";

  test("the first account is the admin; then sign-up follows the policy (by invite by default)", async () => {
    const first = await signUp("ada@example.com");
    expect(first.status).toBe(200);
    expect(first.json.user.role).toBe("admin");
    adminCookie = first.cookie;
    expect(adminCookie).toMatch(/^chat\.session_token=/);

    const stranger = await signUp("eve@example.com");
    expect(stranger.status).toBe(403);
    expect(stranger.json.message).toMatch(/by invitation/);

    const token = "invite-token-for-bob";
    await store.createInvite({
      tokenHash: hashInviteToken(token),
      role: "user",
      createdBy: first.json.user.id,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const bob = await signUp("bob@example.com", { [INVITE_HEADER]: token });
    expect(bob.status).toBe(200);
    expect(bob.json.user.role).toBe("user");
    const again = await signUp("mallory@example.com", { [INVITE_HEADER]: token });
    expect(again.status).toBe(403);
    expect(again.json.message).toMatch(/used already or has expired/);

    await store.saveAccessPolicy({ ...defaultAccessPolicy, signUp: "open" });
    expect((await signUp("carol@example.com")).status).toBe(200);
    await store.saveAccessPolicy({ ...defaultAccessPolicy, signUp: "closed" });
    expect((await signUp("dan@example.com")).status).toBe(403);
  });

  test("a session lives in the database: disabling its person ends it at once", async () => {
    const dave = await (async () => {
      await store.saveAccessPolicy({ ...defaultAccessPolicy, signUp: "open" });
      return signUp("dave@example.com");
    })();
    const session = () => auth.api.getSession({ headers: new Headers({ cookie: dave.cookie }) });
    expect((await session())?.user.email).toBe("dave@example.com");
    const banned = await call(
      "/admin/ban-user",
      { userId: dave.json.user.id },
      { cookie: adminCookie },
    );
    expect(banned.status).toBe(200);
    expect(await session()).toBeNull();
    const back = await call("/sign-in/email", {
      email: "dave@example.com",
      password: "correct horse battery",
    });
    expect(back.status).toBe(403);
  });

  test("the session check reads Better Auth's signed cookie and its session in the database", async () => {
    const hana = await signUp("hana@example.com");
    const headers = (cookie: string) => new Headers({ cookie });
    expect((await sessionPerson(auth, headers(hana.cookie)))?.email).toBe("hana@example.com");
    // A token with another signature, or none, is nobody.
    const [name, value] = hana.cookie.split("=") as [string, string];
    const token = decodeURIComponent(value).split(".")[0];
    const forged = `${name}=${encodeURIComponent(`${token}.${"A".repeat(43)}=`)}`;
    expect(await sessionPerson(auth, headers(forged))).toBeNull();
    expect(await sessionPerson(auth, headers(`${name}=${token}`))).toBeNull();
    expect(await sessionPerson(auth, headers("other=1"))).toBeNull();

    // A session due for its refresh is extended, as getSession does.
    const context = await auth.$context;
    const soon = new Date(Date.now() + 60 * 60 * 1000);
    await context.internalAdapter.updateSession(token ?? "", { expiresAt: soon });
    expect((await sessionPerson(auth, headers(hana.cookie)))?.email).toBe("hana@example.com");
    const refreshed = await context.internalAdapter.findSession(token ?? "");
    expect(refreshed?.session.expiresAt.getTime()).toBeGreaterThan(
      soon.getTime() + 24 * 60 * 60 * 1000,
    );

    // Signed out: none at the next request.
    await call("/sign-out", {}, { cookie: hana.cookie });
    expect(await sessionPerson(auth, headers(hana.cookie))).toBeNull();
  });

  test("a person's key is theirs: shown once, stored hashed, refused once revoked or disabled", async () => {
    const erin = await signUp("erin@example.com");
    const made = await call("/api-key/create", { name: "laptop" }, { cookie: erin.cookie });
    expect(made.status).toBe(200);
    const key: string = made.json.key;
    expect(key).toMatch(/^chat_/);
    const context = await auth.$context;
    const rows = await context.adapter.findMany<{ key: string; referenceId: string }>({
      model: "apikey",
      where: [{ field: "referenceId", value: erin.json.user.id }],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).not.toContain(key.slice(5));

    const check = accountKeyCheck({
      store: async () => store,
      operatorKeys: ["operator-key-0123456789"],
      servedModelId: () => "model-x",
    });
    expect(await check(key)).toEqual({
      ownerId: erin.json.user.id,
      mayUseServedModel: true,
      limits: { repliesAtOnce: null, requestsPerMinute: null, tokensPerDay: null },
    });
    expect(await check("chat_not-a-key")).toBe("wrong");
    expect(await check(undefined)).toBe("missing");
    expect(await check("operator-key-0123456789")).toMatchObject({
      ownerId: expect.stringMatching(/^key-/),
    });
    // Its last use is recorded (not waited for), and listed by the plugin.
    await expect
      .poll(async () => {
        const listed = await call("/api-key/list", undefined, { cookie: erin.cookie });
        return (listed.json.apiKeys ?? listed.json)[0]?.lastRequest;
      })
      .toBeTruthy();

    // A role the policy keeps from the served model gets a caller who may not use it.
    await store.saveAccessPolicy({
      ...defaultAccessPolicy,
      signUp: "open",
      roles: {
        ...defaultAccessPolicy.roles,
        user: { models: ["model-other"], tools: "all", limits: noLimits },
      },
    });
    expect(await check(key)).toMatchObject({ mayUseServedModel: false });
    await store.saveAccessPolicy({ ...defaultAccessPolicy, signUp: "open" });

    // Another person cannot see or revoke it.
    const frank = await signUp("frank@example.com");
    const theirs = await call("/api-key/list", undefined, { cookie: frank.cookie });
    expect(theirs.json.apiKeys ?? theirs.json).toEqual([]);
    const stolen = await call("/api-key/delete", { keyId: made.json.id }, { cookie: frank.cookie });
    expect(stolen.status).not.toBe(200);
    expect(await check(key)).toMatchObject({ ownerId: erin.json.user.id });

    const revoked = await call("/api-key/delete", { keyId: made.json.id }, { cookie: erin.cookie });
    expect(revoked.status).toBe(200);
    expect(await check(key)).toBe("wrong");

    const second = await call("/api-key/create", { name: "ci" }, { cookie: erin.cookie });
    await call("/admin/ban-user", { userId: erin.json.user.id }, { cookie: adminCookie });
    expect(await check(second.json.key)).toBe("wrong");
  });

  test("changing a password: the current one is asked for, and the other sessions end", async () => {
    const ivy = await signUp("ivy@example.com");
    const elsewhere = await call("/sign-in/email", {
      email: "ivy@example.com",
      password: "correct horse battery",
    });
    const wrong = await call(
      "/change-password",
      { currentPassword: "not it at all", newPassword: "a new long secret" },
      { cookie: ivy.cookie },
    );
    expect(wrong.status).toBe(400);
    const changed = await call(
      "/change-password",
      {
        currentPassword: "correct horse battery",
        newPassword: "a new long secret",
        revokeOtherSessions: true,
      },
      { cookie: ivy.cookie },
    );
    expect(changed.status).toBe(200);
    expect(await sessionPerson(auth, new Headers({ cookie: elsewhere.cookie }))).toBeNull();
    const old = await call("/sign-in/email", {
      email: "ivy@example.com",
      password: "correct horse battery",
    });
    expect(old.status).toBe(401);
    const fresh = await call("/sign-in/email", {
      email: "ivy@example.com",
      password: "a new long secret",
    });
    expect(fresh.status).toBe(200);
  });

  test("an admin's reset link sets a new password once; removing a person deletes their data", async () => {
    const gina = await signUp("gina@example.com");
    await store.createConversation({ ownerId: gina.json.user.id, title: "Gina's" });
    const link = await catchResetLink(() =>
      auth.api.requestPasswordReset({
        body: { email: "gina@example.com", redirectTo: "/reset-password" },
      }),
    );
    expect(link).toMatch(/\/api\/auth\/reset-password\//);
    const token = new URL(link ?? "").pathname.split("/").at(-1);
    const reset = await call("/reset-password", { token, newPassword: "a brand new secret" });
    expect(reset.status).toBe(200);
    expect((await call("/reset-password", { token, newPassword: "once more please" })).status).toBe(
      400,
    );
    const signIn = await call("/sign-in/email", {
      email: "gina@example.com",
      password: "a brand new secret",
    });
    expect(signIn.status).toBe(200);

    const removed = await call(
      "/admin/remove-user",
      { userId: gina.json.user.id },
      { cookie: adminCookie },
    );
    expect(removed.status).toBe(200);
    expect(await store.countConversations(gina.json.user.id)).toBe(0);
  });
});
