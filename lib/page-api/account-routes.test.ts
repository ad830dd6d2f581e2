import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, test } from "vitest";
import {
  type Access,
  type AccessPolicy,
  limitsOf,
  noLimits,
  type Role,
  type RoleAccess,
} from "@/lib/accounts/access-policy";
import { FairShares } from "@/lib/accounts/fair-shares";
import type { Viewer } from "@/lib/accounts/viewer";
import type { ReplyUsage } from "@/lib/chat/turn";
import { testTurnDeps } from "@/tests/support/chat-turn";
import { uiChunksOf } from "@/tests/support/reply-stream";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { testFileUploads } from "@/tests/support/test-file-uploads";
import type { AccountRoutesOptions } from "./account-routes";
import { createPageApi } from "./create-page-api";

/**
 * The page API with accounts, called with `new Request` as the browser would: the admin's routes
 * (policy, invites, reset links, usage) for admins only, a browser's claim, and the turn's
 * checks by role (models) and its usage, over a real SQLite store. The session is named in test
 * headers (Better Auth's sessions are tested in lib/accounts and the browser tests).
 */
const store = tempChatStoreForFile();

const model = new MockLanguageModelV4({
  doStream: async () => ({
    stream: simulateReadableStream({
      chunks: [
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: "Hi" },
        { type: "text-end", id: "t" },
        {
          type: "finish",
          finishReason: { unified: "stop", raw: undefined },
          usage: {
            inputTokens: { total: 7, noCache: 7, cacheRead: 0, cacheWrite: undefined },
            outputTokens: { total: 2, text: 2, reasoning: undefined },
          },
        },
      ],
    }),
  }),
});

const usages: ReplyUsage[] = [];
const forgotten: string[] = [];

const accounts: AccountRoutesOptions = {
  anonymousOwnerOf: async (request) => request.headers.get("x-test-browser") ?? undefined,
  forgetAnonymousOwner: (request, response) => {
    forgotten.push(request.headers.get("x-test-browser") ?? "");
    return response;
  },
  models: () => [
    { id: "model-default", name: "Tiny" },
    { id: "model-big", name: "Big" },
  ],
  tools: async () => [{ server: "files", tools: ["read", "write"] }],
  resetLink: async (_request, email) =>
    email === "bob@example.com" ? "http://localhost/api/auth/reset-password/t0k3n" : undefined,
  people: async () => new Map([["bob", { name: "Bob", email: "bob@example.com" }]]),
};

function viewerOf(request: Request): Viewer | undefined {
  const id = request.headers.get("x-test-person");
  if (!id) return undefined;
  const role = (request.headers.get("x-test-role") ?? "user") as Role;
  return {
    ownerId: id,
    person: { id, role, name: id, email: `${id}@example.com` },
    access: async (): Promise<Access> => {
      const policy = await store().getAccessPolicy();
      return { kind: "role", role, rules: policy.roles[role], limits: limitsOf(policy, role, id) };
    },
  };
}

function api(withAccounts = true) {
  return createPageApi({
    viewerOf: async (request) => viewerOf(request),
    store: async () => store(),
    turn: {
      ...testTurnDeps(store(), { model }),
      models: {
        idOf: (spec) => spec ?? "model-default",
        nameOf: (spec) => spec ?? "Tiny",
        specOf: (id) => (id === "model-default" ? null : id === "model-big" ? id : undefined),
      },
      onUsage: (usage) => usages.push(usage),
    },
    files: testFileUploads,
    maxBodyBytes: 64 * 1024,
    imports: { maxBytes: 1024, timeLimitMs: 60_000, memoryMb: 256, maxMessageChars: 2_000_000 },
    staleAfterMs: 60_000,
    accounts: withAccounts ? accounts : undefined,
    fairShares,
  });
}

const fairShares = new FairShares(async () => 0);

function call(
  path: string,
  {
    person = "ada",
    role = "admin",
    body,
    method,
  }: { person?: string; role?: Role; body?: unknown; method?: string } = {},
  headers: Record<string, string> = {},
) {
  return api()(
    new Request(`http://localhost${path}`, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: {
        "content-type": "application/json",
        "x-test-person": person,
        "x-test-role": role,
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** Admins may use everything; users `userModels` and every tool; no limits but `people`'s own. */
const savePolicy = (userModels: RoleAccess["models"], people: AccessPolicy["people"] = {}) =>
  store().saveAccessPolicy({
    signUp: "invite",
    roles: {
      admin: { models: "all", tools: "all", limits: noLimits },
      user: { models: userModels, tools: "all", limits: noLimits },
    },
    people,
  });

/** A user's message sent to /api/chat, as the page sends it. */
const sendAs = (
  person: string,
  body: {
    id: string;
    message: { id: string; text: string };
    parentId: string | null;
    model?: string;
  },
) => call("/api/chat", { person, role: "user", body: { trigger: "send", ...body } });

describe("the admin's routes", () => {
  test("only for admins, and only with accounts", async () => {
    for (const path of ["/api/admin/policy", "/api/admin/invites", "/api/admin/usage"]) {
      const refused = await call(path, { person: "bob", role: "user" });
      expect([path, refused.status]).toEqual([path, 403]);
    }
    const off = await api(false)(
      new Request("http://localhost/api/admin/policy", {
        headers: { "x-test-person": "ada", "x-test-role": "admin" },
      }),
    );
    expect(off.status).toBe(404);
  });

  test("the policy is read with what it can name, and saved only when valid", async () => {
    const read = (await (await call("/api/admin/policy")).json()) as {
      policy: { signUp: string };
      models: unknown[];
      tools: unknown[];
    };
    expect(read.policy.signUp).toBe("invite");
    expect(read.models).toHaveLength(2);
    expect(read.tools).toEqual([{ server: "files", tools: ["read", "write"] }]);
    const bad = await call("/api/admin/policy", { body: { signUp: "whenever", roles: {} } });
    expect(bad.status).toBe(400);
    const policy = {
      signUp: "open",
      roles: {
        admin: { models: "all", tools: "all", limits: noLimits },
        user: { models: ["model-default"], tools: ["files/read"] },
      },
    };
    expect((await call("/api/admin/policy", { body: policy })).status).toBe(200);
    // What was left out is its default: no limits, no person's own.
    expect(await store().getAccessPolicy()).toEqual({
      ...policy,
      roles: {
        admin: { ...policy.roles.admin, limits: noLimits },
        user: { ...policy.roles.user, limits: noLimits },
      },
      people: {},
    });
  });

  test("an invite link is shown once, kept as a hash, listed and revoked", async () => {
    const made = await call("/api/admin/invites", { body: { role: "user" } });
    const { id, link } = (await made.json()) as { id: string; link: string };
    const token = new URL(link).searchParams.get("invite") ?? "";
    expect(token.length).toBeGreaterThan(30);
    const listed = (await (await call("/api/admin/invites")).json()) as {
      invites: Array<{ id: string }>;
    };
    expect(listed.invites.map((i) => i.id)).toContain(id);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await call(`/api/admin/invites/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call(`/api/admin/invites/${id}`, { method: "DELETE" })).status).toBe(404);
  });

  test("a reset link for a person, and a 404 for nobody", async () => {
    const made = await call("/api/admin/reset-link", { body: { email: "bob@example.com" } });
    expect(await made.json()).toEqual({ link: "http://localhost/api/auth/reset-password/t0k3n" });
    expect(
      (await call("/api/admin/reset-link", { body: { email: "nobody@example.com" } })).status,
    ).toBe(404);
    expect(
      (await call("/api/admin/reset-link", { body: { email: "not an address" } })).status,
    ).toBe(400);
  });
});

describe("a person's turns", () => {
  test("a model their role may not use is refused before anything is stored; usage is counted", async () => {
    await savePolicy(["model-default"]);
    const id = "conversation-of-bob-0001";
    const send = (text: string, parentId: string | null = null) =>
      sendAs("bob", {
        id,
        message: { id: `message-${text}-00000000`.slice(0, 24), text },
        parentId,
      });
    const first = await send("hello");
    await uiChunksOf(first);
    expect(usages.at(-1)).toEqual({
      ownerId: "bob",
      model: "model-default",
      inputTokens: 7,
      outputTokens: 2,
    });

    await store().updateConversationSettings("bob", id, { model: "model-big" });
    const refused = await send("again");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: "model-not-allowed",
        message:
          "Your role may not use the model model-big: pick another in the conversation's Settings, or ask an admin.",
      },
    });
    expect((await store().getConversation("bob", id))?.messages).toHaveLength(2);
  });
});

describe("a new conversation's model, picked before its first message", () => {
  const first = (person: string, id: string, model: string) =>
    sendAs(person, {
      id,
      message: { id: `first-message-of-${id}`.slice(0, 32), text: "hello" },
      parentId: null,
      model,
    });

  test("is stored with the conversation; one not offered, or not the role's, is refused and nothing is stored", async () => {
    await savePolicy(["model-default"]);
    const unknown = await first("dora", "conversation-of-dora-0001", "model-nonexistent");
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe("model-not-offered");
    const forbidden = await first("dora", "conversation-of-dora-0001", "model-big");
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("model-not-allowed");
    expect(await store().getConversationInfo("dora", "conversation-of-dora-0001")).toBeUndefined();

    await savePolicy("all");
    await uiChunksOf(await first("dora", "conversation-of-dora-0001", "model-big"));
    expect((await store().getConversationInfo("dora", "conversation-of-dora-0001"))?.model).toBe(
      "model-big",
    );
    expect(usages.at(-1)).toMatchObject({ ownerId: "dora", model: "model-big" });
    // The default, named: stored as the default (null), as Settings store it.
    await uiChunksOf(await first("dora", "conversation-of-dora-0002", "model-default"));
    expect(
      (await store().getConversationInfo("dora", "conversation-of-dora-0002"))?.model,
    ).toBeNull();
  });

  test("is ignored once the conversation exists: its Settings say which model answers", async () => {
    const id = "conversation-of-erin-0001";
    await uiChunksOf(await first("erin", id, "model-default"));
    const again = await sendAs("erin", {
      id,
      message: { id: "second-message-of-erin-01", text: "again" },
      parentId: (await store().getConversation("erin", id))?.messages.at(-1)?.id ?? null,
      model: "model-big",
    });
    await uiChunksOf(again);
    expect((await store().getConversationInfo("erin", id))?.model).toBeNull();
  });
});

describe("a browser's conversations from before sign-up", () => {
  test("are counted, then moved into the account when kept, and offered once", async () => {
    await store().createConversation({ ownerId: "browser-1", title: "Before" });
    const browser = { "x-test-browser": "browser-1" };
    const offer = await call("/api/account/claim", { person: "carol", role: "user" }, browser);
    expect(await offer.json()).toEqual({ conversations: 1 });
    const kept = await call(
      "/api/account/claim",
      { person: "carol", role: "user", body: { keep: true } },
      browser,
    );
    expect(await kept.json()).toEqual({ moved: 1 });
    expect(forgotten).toContain("browser-1");
    expect(await store().countConversations("carol")).toBe(1);
    const bad = await call(
      "/api/account/claim",
      { person: "carol", role: "user", body: { keep: "yes" } },
      browser,
    );
    expect(bad.status).toBe(400);
  });
});

describe("a person's fair share", () => {
  test("over their requests per minute: 429 with Retry-After and a sentence, and nothing stored", async () => {
    await savePolicy("all", { dora: { requestsPerMinute: 1 } });
    const send = (id: string) =>
      sendAs("dora", { id, message: { id: `message-of-${id}`, text: "Hi" }, parentId: null });
    await uiChunksOf(await send("conversation-of-dora-1"));
    const refused = await send("conversation-of-dora-2");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      error: {
        code: "over-share",
        message: expect.stringMatching(
          /^You have sent your 1 request of this minute: go on in \d+ s\.$/,
        ),
      },
    });
    expect(await store().getConversation("dora", "conversation-of-dora-2")).toBeUndefined();
    // Another person, under the role's limits, goes on.
    const other = await sendAs("emil", {
      id: "conversation-of-emil-1",
      message: { id: "message-of-emil-0001", text: "Hi" },
      parentId: null,
    });
    expect(other.status).toBe(200);
    await uiChunksOf(other);
  });
});
