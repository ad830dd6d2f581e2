import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultAccessPolicy, noLimits } from "@/lib/accounts/access-policy";
import type { ChatStore } from "./chat-store";
import type { ChatStoreHarness } from "./chat-store.contract";
import { openChatStore } from "./open-chat-store";

/**
 * The accounts side of the store (accounts-store.ts), the same tests on every backend, as
 * `registerChatStoreContract` does for conversations. Better Auth's own tables are exercised
 * through Better Auth itself (lib/accounts tests), on both backends too.
 */
export function registerAccountsStoreContract(name: string, harness: ChatStoreHarness): void {
  describe(`ChatStore contract, accounts: ${name}`, () => {
    let store: ChatStore;
    let owners = 0;
    const owner = () => `person-${++owners}`;

    beforeAll(async () => {
      store = await openChatStore(await harness.freshDatabaseUrl());
    });

    afterAll(async () => {
      await store?.close();
      await harness.cleanup();
    });

    test("the access policy: the default until saved, then what was saved", async () => {
      expect(await store.getAccessPolicy()).toEqual(defaultAccessPolicy);
      const policy = {
        signUp: "open" as const,
        roles: {
          admin: { models: "all" as const, tools: "all" as const, limits: noLimits },
          user: {
            models: ["local"],
            tools: ["files", "everything/echo"],
            limits: { ...noLimits, tokensPerDay: 5000 },
          },
        },
        people: { "person-x": { requestsPerMinute: 3 } },
      };
      await store.saveAccessPolicy(policy);
      expect(await store.getAccessPolicy()).toEqual(policy);
      await store.saveAccessPolicy({ ...policy, signUp: "closed" });
      expect((await store.getAccessPolicy()).signUp).toBe("closed");
    });

    test("an invite is taken once, never after it expires, and is listed until used", async () => {
      const at = new Date("2026-03-01T00:00:00Z");
      const later = new Date("2026-03-09T00:00:00Z");
      const invite = await store.createInvite({
        tokenHash: "hash-a",
        role: "user",
        createdBy: "admin-1",
        expiresAt: new Date("2026-03-08T00:00:00Z"),
      });
      const expiring = await store.createInvite({
        tokenHash: "hash-b",
        role: "admin",
        createdBy: "admin-1",
        expiresAt: new Date("2026-03-08T00:00:00Z"),
      });
      expect((await store.listOpenInvites()).map((i) => i.id)).toEqual(
        expect.arrayContaining([invite.id, expiring.id]),
      );
      expect(await store.takeInvite("hash-b", "late@example.com", later)).toBeUndefined();
      expect(await store.takeInvite("no-such-hash", "x@example.com", at)).toBeUndefined();
      const [first, second] = await Promise.all([
        store.takeInvite("hash-a", "one@example.com", at),
        store.takeInvite("hash-a", "two@example.com", at),
      ]);
      const taken = [first, second].filter((i) => i !== undefined);
      expect(taken).toHaveLength(1);
      expect(taken[0]).toMatchObject({ id: invite.id, role: "user", usedAt: at });
      expect((await store.listOpenInvites()).map((i) => i.id)).not.toContain(invite.id);
      expect(await store.deleteInvite(expiring.id)).toBe(true);
      expect(await store.deleteInvite(expiring.id)).toBe(false);
    });

    test("usage adds up per owner, model and day, and a report reads a range of days", async () => {
      const [a, b] = [owner(), owner()];
      const entry = { model: "tiny", messages: 1, inputTokens: 10, outputTokens: 3 };
      await Promise.all([
        store.recordUsage({ ...entry, ownerId: a, day: "2026-04-01" }),
        store.recordUsage({ ...entry, ownerId: a, day: "2026-04-01" }),
        store.recordUsage({ ...entry, ownerId: a, day: "2026-04-01", model: "other" }),
        store.recordUsage({ ...entry, ownerId: a, day: "2026-04-02", outputTokens: 5 }),
        store.recordUsage({ ...entry, ownerId: b, day: "2026-04-02" }),
        store.recordUsage({ ...entry, ownerId: b, day: "2026-04-05" }),
      ]);
      const report = await store.usageReport({ fromDay: "2026-04-01", toDay: "2026-04-02" });
      const mine = report.filter((row) => row.ownerId === a || row.ownerId === b);
      expect(mine).toEqual([
        {
          ownerId: a,
          day: "2026-04-01",
          model: "other",
          messages: 1,
          inputTokens: 10,
          outputTokens: 3,
        },
        {
          ownerId: a,
          day: "2026-04-01",
          model: "tiny",
          messages: 2,
          inputTokens: 20,
          outputTokens: 6,
        },
        {
          ownerId: a,
          day: "2026-04-02",
          model: "tiny",
          messages: 1,
          inputTokens: 10,
          outputTokens: 5,
        },
        {
          ownerId: b,
          day: "2026-04-02",
          model: "tiny",
          messages: 1,
          inputTokens: 10,
          outputTokens: 3,
        },
      ]);
      const onlyB = await store.usageReport({
        fromDay: "2026-04-01",
        toDay: "2026-04-30",
        ownerId: b,
      });
      expect(onlyB.map((row) => row.day)).toEqual(["2026-04-02", "2026-04-05"]);
    });

    test("a browser's conversations move to an account; an owner's data is deleted whole", async () => {
      const [browser, person, other] = [owner(), owner(), owner()];
      const mine = await store.createConversation({ ownerId: browser, title: "From before" });
      await store.appendMessage(browser, mine.id, { role: "user", content: "Hi" });
      await store.createConversation({ ownerId: other, title: "Not mine" });
      expect(await store.transferConversations(browser, person)).toBe(1);
      expect(await store.countConversations(browser)).toBe(0);
      expect(await store.countConversations(person)).toBe(1);
      expect((await store.getConversation(person, mine.id))?.messages).toHaveLength(1);

      await store.saveResponse({
        id: `resp_${person}`,
        ownerId: person,
        previousResponseId: null,
        model: "tiny",
        status: "completed",
        instructions: null,
        metadata: {},
        usage: null,
        body: {},
        inputItems: [],
        output: [],
        createdAt: new Date(),
      });
      await store.recordUsage({
        ownerId: person,
        model: "tiny",
        day: "2026-05-01",
        messages: 1,
        inputTokens: 1,
        outputTokens: 1,
      });
      await store.deleteOwnerData(person);
      expect(await store.countConversations(person)).toBe(0);
      expect(await store.getResponse(person, `resp_${person}`)).toBeUndefined();
      expect(
        await store.usageReport({ fromDay: "2026-05-01", toDay: "2026-05-01", ownerId: person }),
      ).toEqual([]);
      expect(await store.countConversations(other)).toBe(1);
    });
  });
}
