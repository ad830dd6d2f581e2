import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MessagePart, partsOfText, type ToolPart, type ToolState } from "@/lib/chat/message";
import { type Cast, defaultCast } from "@/lib/chat/participants";
import { exportConversationMarkdown } from "@/lib/import/markdown-transcript";
import { conversationFromOurJson } from "@/lib/import/our-export-reader";
import { exportConversationJson } from "@/lib/import/our-export-writer";
import { legacyConversation, uncountedChunks } from "@/tests/support/migrations-up-to";
import type { ChatStore, ConversationTree, StoredMessage } from "./chat-store";
import { ChatStoreError } from "./chat-store-error";
import type { ConversationImport } from "./conversation-import";
import { currentPathOf } from "./current-path";
import { openChatStore } from "./open-chat-store";

/** Our JSON export read back, or the test fails with the reason. */
function ours(json: unknown): ConversationImport {
  const read = conversationFromOurJson(json);
  if (!read.ok) throw new Error(read.message);
  return read.conversation;
}

/** An export with its ids replaced by their places, to compare a conversation with its import. */
function exportedShape(conversation: ConversationTree) {
  const json = exportConversationJson(conversation);
  const place = new Map(json.messages.map((m, i) => [m.id, i]));
  return {
    ...json,
    messages: json.messages.map(({ id, parentId, ...m }) => ({
      ...m,
      id: place.get(id),
      parentId: parentId === null ? null : place.get(parentId),
    })),
    currentId: json.currentId === null ? null : place.get(json.currentId),
  };
}

/** What a backend's test file provides: throwaway databases, and their removal. */
export interface ChatStoreHarness {
  /** The DATABASE_URL of a new, empty database. */
  freshDatabaseUrl(): Promise<string>;
  /** Messages stored for a conversation id, read past the store (to see a cascade happen). */
  countMessages(databaseUrl: string, conversationId: string): Promise<number>;
  /** Every conversation and message row of a database, whoever owns it, read past the store. */
  countRows(databaseUrl: string): Promise<{ conversations: number; messages: number }>;
  /**
   * A new database migrated only as far as release 0001 (before message parts), holding
   * `legacyConversation` (tests/support/migrations-up-to.ts) written as that release wrote it.
   */
  legacyDatabaseUrl(): Promise<string>;
  /**
   * A new database migrated as far as release 0010 (before term counts), holding
   * `uncountedChunks` (tests/support/migrations-up-to.ts) in a conversation and file of theirs.
   */
  uncountedChunksDatabaseUrl(): Promise<string>;
  /** Drops every database made; called after the stores are closed. */
  cleanup(): Promise<void>;
}

/**
 * The contract every ChatStore keeps, registered once per backend (as hono runs
 * `common.case.test.ts` on every router): the same tests, the same expectations.
 */
export function registerChatStoreContract(name: string, harness: ChatStoreHarness): void {
  describe(`ChatStore contract: ${name}`, () => {
    let clock = Date.parse("2026-01-01T00:00:00.000Z");
    /** Every call a second later, so "newest first" is never a tie unless a test wants one. */
    const now = () => {
      clock += 1000;
      return new Date(clock);
    };
    const opened: ChatStore[] = [];
    let url: string;
    let store: ChatStore;
    let owners = 0;
    const owner = () => `owner-${++owners}`;

    const open = async (databaseUrl: string, clockFn = now) => {
      const s = await openChatStore(databaseUrl, { now: clockFn });
      opened.push(s);
      return s;
    };

    beforeAll(async () => {
      url = await harness.freshDatabaseUrl();
      store = await open(url);
    });

    afterAll(async () => {
      for (const s of opened) await s.close();
      await harness.cleanup();
    });

    test("creates a conversation under the id the page chose; a taken or malformed id is refused", async () => {
      const ownerId = owner();
      const created = await store.createConversation({ ownerId, id: "page-chosen-id-0001" });
      expect(created.id).toBe("page-chosen-id-0001");
      expect((await store.getConversation(ownerId, "page-chosen-id-0001"))?.id).toBe(
        "page-chosen-id-0001",
      );
      for (const taker of [ownerId, owner()]) {
        const error = await store
          .createConversation({ ownerId: taker, id: "page-chosen-id-0001" })
          .catch((e: unknown) => e);
        expect(ChatStoreError.isInstance(error) && error.code).toBe("id-taken");
      }
      const malformed = await store
        .createConversation({ ownerId, id: "bad id/../" })
        .catch((e: unknown) => e);
      expect(ChatStoreError.isInstance(malformed) && malformed.code).toBe("invalid-id");
    });

    test("creates an untitled conversation with default settings", async () => {
      const ownerId = owner();
      const created = await store.createConversation({ ownerId });
      expect(created).toMatchObject({ ownerId, title: "", systemPrompt: null, model: null });
      expect(created.id).toMatch(/^[\w-]{21}$/);
      expect(created.updatedAt).toEqual(created.createdAt);
      expect(await store.getConversation(ownerId, created.id)).toEqual({
        ...created,
        messages: [],
      });
    });

    test("appends in order, titles from the first user message, bumps updatedAt", async () => {
      const ownerId = owner();
      const { id, updatedAt } = await store.createConversation({ ownerId });
      const greeting = await store.appendMessage(ownerId, id, {
        role: "assistant",
        content: "Hello! Ask me anything.",
      });
      const question = `  What is   the ${"very ".repeat(30)}long question?  `;
      await store.appendMessage(ownerId, id, { role: "user", content: question });
      await store.appendMessage(ownerId, id, { role: "user", content: "A second question" });
      expect(greeting).toMatchObject({ conversationId: id, seq: 1, status: "complete" });

      const conversation = await store.getConversation(ownerId, id);
      expect(conversation?.messages.map((m) => [m.seq, m.role, m.content])).toEqual([
        [1, "assistant", "Hello! Ask me anything."],
        [2, "user", question],
        [3, "user", "A second question"],
      ]);
      expect(conversation?.title).toMatch(/^What is the very very .*…$/);
      expect(Array.from(conversation?.title ?? "").length).toBeLessThanOrEqual(80);
      expect(conversation?.updatedAt.getTime()).toBeGreaterThan(updatedAt.getTime());
      expect(conversation?.updatedAt).toEqual(conversation?.messages[2]?.createdAt);
    });

    test("keeps a given title and settings; settings change and reset to the default", async () => {
      const ownerId = owner();
      const { id } = await store.createConversation({
        ownerId,
        title: "  Trip   plans ",
        systemPrompt: "Be brief.",
        model: "openai:gpt-4o-mini",
      });
      await store.appendMessage(ownerId, id, { role: "user", content: "Where to go?" });
      expect(await store.getConversation(ownerId, id)).toMatchObject({
        title: "Trip plans",
        systemPrompt: "Be brief.",
        model: "openai:gpt-4o-mini",
      });
      expect(await store.updateConversationSettings(ownerId, id, { model: null })).toMatchObject({
        systemPrompt: "Be brief.",
        model: null,
      });
      expect(
        await store.updateConversationSettings(ownerId, id, { systemPrompt: null, model: "x" }),
      ).toMatchObject({ systemPrompt: null, model: "x" });
      expect(await store.updateConversationSettings(ownerId, id, {})).toMatchObject({ model: "x" });
    });

    test("keeps a conversation's cast and each reply's speaker; export and import keep both", async () => {
      const ownerId = owner();
      const { id, cast } = await store.createConversation({ ownerId });
      expect(cast).toEqual(defaultCast);
      const duo: Cast = {
        order: "all",
        participants: [
          { name: "Ada", model: null, systemPrompt: "You are Ada." },
          { name: "Grace", model: "local:other.gguf", systemPrompt: null },
        ],
      };
      expect(await store.updateConversationSettings(ownerId, id, { cast: duo })).toMatchObject({
        cast: duo,
      });
      await store.appendMessage(ownerId, id, { role: "user", content: "Hello both" });
      const ada = await store.appendMessage(ownerId, id, {
        role: "assistant",
        content: "Hi, I am Ada.",
        speaker: "Ada",
      });
      expect(ada?.speaker).toBe("Ada");
      const conversation = (await store.getConversation(ownerId, id)) as ConversationTree;
      expect(conversation.cast).toEqual(duo);
      expect(conversation.messages.map((m) => m.speaker)).toEqual([null, "Ada"]);
      const imported = await store.importConversation(
        owner(),
        ours(JSON.parse(JSON.stringify(exportConversationJson(conversation)))),
      );
      expect(imported.cast).toEqual(duo);
      expect(imported.messages.map((m) => m.speaker)).toEqual([null, "Ada"]);
      expect(exportConversationMarkdown(conversation)).toContain("## Ada\n\nHi, I am Ada.");
    });

    test("keeps a conversation's tool preferences: all on and asking by default", async () => {
      const ownerId = owner();
      const { id, tools } = await store.createConversation({ ownerId });
      expect(tools).toEqual({ off: [], alwaysAllowed: [] });
      const chosen = { off: ["everything/get-sum"], alwaysAllowed: ["everything/echo"] };
      expect(await store.updateConversationSettings(ownerId, id, { tools: chosen })).toMatchObject({
        tools: chosen,
      });
      await store.updateConversationSettings(ownerId, id, { model: "x" });
      expect((await store.getConversation(ownerId, id))?.tools).toEqual(chosen);
      expect((await store.listConversations(ownerId)).conversations[0]?.tools).toEqual(chosen);
    });

    test("renames, trimmed; an empty title is refused", async () => {
      const ownerId = owner();
      const { id } = await store.createConversation({ ownerId });
      await store.appendMessage(ownerId, id, { role: "user", content: "First words" });
      expect(await store.renameConversation(ownerId, id, "  Better name ")).toMatchObject({
        title: "Better name",
      });
      await store.appendMessage(ownerId, id, { role: "user", content: "More words" });
      expect((await store.getConversation(ownerId, id))?.title).toBe("Better name");
      const refused = store.renameConversation(ownerId, id, "   ");
      await expect(refused).rejects.toSatisfy(
        (e) => ChatStoreError.isInstance(e) && e.code === "invalid-title",
      );
    });

    test("lists newest first, page by page, with no repeats", async () => {
      const ownerId = owner();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await store.createConversation({ ownerId })).id);
      const first = ids.shift() as string;
      await store.appendMessage(ownerId, first, { role: "user", content: "bump" });
      const expected = [first, ...ids.reverse()];

      const seen: string[] = [];
      let cursor: string | undefined;
      const pageSizes: number[] = [];
      do {
        const page = await store.listConversations(ownerId, { limit: 3, cursor });
        pageSizes.push(page.conversations.length);
        seen.push(...page.conversations.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pageSizes).toEqual([3, 3, 1]);
      expect(seen).toEqual(expected);
      expect((await store.listConversations(ownerId)).conversations.map((c) => c.id)).toEqual(
        expected,
      );
      expect(await store.listConversations(owner())).toEqual({ conversations: [] });
    });

    test("pages through conversations updated in the same millisecond", async () => {
      const frozen = new Date("2026-06-01T12:00:00.000Z");
      const sameInstant = await open(url, () => frozen);
      const ownerId = owner();
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) ids.add((await sameInstant.createConversation({ ownerId })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listConversations(ownerId, { limit: 2, cursor });
        seen.push(...page.conversations.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen)).toEqual(ids);
    });

    test("refuses a cursor it did not give out", async () => {
      const listed = store.listConversations(owner(), { cursor: "not-a-cursor" });
      await expect(listed).rejects.toSatisfy(
        (e) => ChatStoreError.isInstance(e) && e.code === "invalid-cursor",
      );
    });

    test("deleting a conversation deletes its messages", async () => {
      const ownerId = owner();
      const { id } = await store.createConversation({ ownerId });
      const message = await store.appendMessage(ownerId, id, { role: "user", content: "bye" });
      expect(await harness.countMessages(url, id)).toBe(1);
      expect(await store.deleteConversation(ownerId, id)).toBe(true);
      expect(await store.getConversation(ownerId, id)).toBeUndefined();
      expect(await store.getMessage(ownerId, message?.id ?? "")).toBeUndefined();
      expect(await harness.countMessages(url, id)).toBe(0);
      expect(await store.deleteConversation(ownerId, id)).toBe(false);
      expect(
        await store.appendMessage(ownerId, id, { role: "user", content: "x" }),
      ).toBeUndefined();
    });

    test("searches titles and message text, case-insensitively, newest first", async () => {
      const ownerId = owner();
      const byTitle = await store.createConversation({ ownerId, title: "Sourdough STARTER" });
      const byMessage = await store.createConversation({ ownerId });
      await store.appendMessage(ownerId, byMessage.id, { role: "user", content: "Hi there" });
      await store.appendMessage(ownerId, byMessage.id, {
        role: "assistant",
        content: "Feed the starter twice a day; 100% hydration works_well.",
      });
      const neither = await store.createConversation({ ownerId, title: "Taxes" });
      await store.appendMessage(ownerId, neither.id, { role: "user", content: "100 percent" });
      const foreign = owner();
      await store.createConversation({ ownerId: foreign, title: "my starter" });

      const ids = async (text: string, limit?: number) =>
        (await store.searchConversations(ownerId, text, { limit })).map((c) => c.id);
      expect(await ids("starter")).toEqual([byMessage.id, byTitle.id]);
      expect(await ids("StArTeR", 1)).toEqual([byMessage.id]);
      expect(await ids("100%")).toEqual([byMessage.id]);
      expect(await ids("works_well")).toEqual([byMessage.id]);
      expect(await ids("0_p")).toEqual([]);
      expect(await ids("%")).toEqual([byMessage.id]);
      expect(await ids("no such words")).toEqual([]);
    });

    test("another owner sees nothing and changes nothing", async () => {
      const ownerId = owner();
      const intruder = owner();
      const { id } = await store.createConversation({ ownerId, title: "Private" });
      const message = await store.appendMessage(ownerId, id, {
        role: "user",
        content: "secret",
      });
      const messageId = message?.id ?? "";

      expect(await store.getConversation(intruder, id)).toBeUndefined();
      expect(await store.listConversations(intruder)).toEqual({ conversations: [] });
      expect(await store.searchConversations(intruder, "secret")).toEqual([]);
      expect(await store.searchConversations(intruder, "Private")).toEqual([]);
      expect(
        await store.appendMessage(intruder, id, { role: "user", content: "injected" }),
      ).toBeUndefined();
      expect(await store.renameConversation(intruder, id, "Mine now")).toBeUndefined();
      expect(await store.updateConversationSettings(intruder, id, { model: "x" })).toBeUndefined();
      expect(await store.deleteConversation(intruder, id)).toBe(false);
      expect(await store.getMessage(intruder, messageId)).toBeUndefined();
      expect(
        await store.updateMessage(intruder, messageId, { parts: partsOfText("changed") }),
      ).toBeUndefined();
      expect(await store.deleteBranch(intruder, id, messageId)).toBeUndefined();
      expect(await store.setCurrentLeaf(intruder, id, messageId)).toBeUndefined();

      const after = await store.getConversation(ownerId, id);
      expect(after).toMatchObject({ title: "Private", model: null });
      expect(after?.messages.map((m) => m.content)).toEqual(["secret"]);
    });

    test("50 concurrent appends to one conversation keep order and lose none", async () => {
      const ownerId = owner();
      const { id } = await store.createConversation({ ownerId });
      const other = await store.createConversation({ ownerId });
      const appended = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.appendMessage(ownerId, i % 5 === 4 ? other.id : id, {
            role: i % 2 ? "assistant" : "user",
            content: `message ${i}`,
          }),
        ),
      );
      const mine = appended.filter((m) => m?.conversationId === id);
      expect(mine).toHaveLength(40);
      expect(new Set(mine.map((m) => m?.seq)).size).toBe(40);

      const conversation = await store.getConversation(ownerId, id);
      const seqs = conversation?.messages.map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(conversation?.messages.map((m) => m.content))).toEqual(
        new Set(mine.map((m) => m?.content)),
      );
      expect((await store.getConversation(ownerId, other.id))?.messages).toHaveLength(10);
    });

    test("a conversation is read alone, without its messages, by its owner only", async () => {
      const ownerId = owner();
      const { id } = await store.createConversation({ ownerId });
      await store.appendMessage(ownerId, id, { role: "user", content: "Name me" });
      const info = await store.getConversationInfo(ownerId, id);
      expect(info).toMatchObject({ id, ownerId, title: "Name me" });
      expect(info).not.toHaveProperty("messages");
      const { messages: _messages, ...whole } = (await store.getConversation(
        ownerId,
        id,
      )) as ConversationTree;
      expect(info).toEqual(whole);
      expect(await store.getConversationInfo(owner(), id)).toBeUndefined();
      expect(await store.getConversationInfo(ownerId, "no-such-conversation")).toBeUndefined();
    });

    test("a conditional update changes a message only while it has the status it expects", async () => {
      const ownerId = owner();
      const { id } = await store.createConversation({ ownerId });
      await store.appendMessage(ownerId, id, { role: "user", content: "Run it" });
      const reply = (await store.appendMessage(ownerId, id, {
        role: "assistant",
        content: "",
      })) as StoredMessage;
      // Two requests read the reply `complete` and both try to take it: one wins.
      const [first, second] = await Promise.all([
        store.updateMessage(ownerId, reply.id, { status: "streaming" }, { ifStatus: "complete" }),
        store.updateMessage(ownerId, reply.id, { status: "streaming" }, { ifStatus: "complete" }),
      ]);
      expect([first?.status, second?.status].filter(Boolean)).toEqual(["streaming"]);
      expect(
        await store.updateMessage(
          ownerId,
          reply.id,
          { status: "failed" },
          { ifStatus: "streaming" },
        ),
      ).toMatchObject({ status: "failed" });
    });

    test("a streaming reply is updated with partials, then finished", async () => {
      const ownerId = owner();
      const { id } = await store.createConversation({ ownerId });
      await store.appendMessage(ownerId, id, { role: "user", content: "Tell me a story" });
      const reply = await store.appendMessage(ownerId, id, {
        role: "assistant",
        content: "",
        status: "streaming",
      });
      const replyId = reply?.id ?? "";
      expect(reply?.status).toBe("streaming");
      const partial = await store.updateMessage(ownerId, replyId, {
        parts: partsOfText("Once upon"),
      });
      expect(partial).toMatchObject({ content: "Once upon", status: "streaming", seq: 2 });
      expect(partial?.updatedAt.getTime()).toBeGreaterThan(reply?.updatedAt.getTime() ?? 0);
      expect(partial?.droppedMessages).toBeNull();
      const stopped = await store.updateMessage(ownerId, replyId, {
        status: "stopped",
        droppedMessages: 6,
      });
      expect(stopped).toMatchObject({
        content: "Once upon",
        status: "stopped",
        droppedMessages: 6,
      });
      expect(await store.getMessage(ownerId, replyId)).toEqual(stopped);
      expect((await store.getConversation(ownerId, id))?.messages[1]?.droppedMessages).toBe(6);
      expect(
        await store.updateMessage(ownerId, "no-such-message", { parts: partsOfText("x") }),
      ).toBe(undefined);
    });

    test("stopStreamingReply marks the streaming reply stopped, for its owner only", async () => {
      const ownerId = owner();
      const intruder = owner();
      const { id } = await store.createConversation({ ownerId });
      await store.appendMessage(ownerId, id, { role: "user", content: "Tell me a story" });
      const reply = await store.appendMessage(ownerId, id, {
        role: "assistant",
        content: "Once",
        status: "streaming",
      });
      expect(await store.stopStreamingReply(intruder, id)).toBe(false);
      expect((await store.getMessage(ownerId, reply?.id ?? ""))?.status).toBe("streaming");
      expect(await store.stopStreamingReply(ownerId, id)).toBe(true);
      expect(await store.getMessage(ownerId, reply?.id ?? "")).toMatchObject({
        content: "Once",
        status: "stopped",
      });
      // Nothing is streaming any more; a complete reply is never turned into a stopped one.
      expect(await store.stopStreamingReply(ownerId, id)).toBe(false);
    });

    describe("the tree of messages", () => {
      /** A conversation: q1 → a1, then q1 → a1b (regenerated), then a1 → q2 (continued from a1). */
      async function branched() {
        const ownerId = owner();
        const { id } = await store.createConversation({ ownerId });
        const q1 = await store.appendMessage(ownerId, id, { role: "user", content: "q1" });
        const a1 = await store.appendMessage(ownerId, id, { role: "assistant", content: "a1" });
        const a1b = await store.appendMessage(ownerId, id, {
          role: "assistant",
          content: "a1b",
          parentId: q1?.id,
        });
        const q2 = await store.appendMessage(ownerId, id, {
          role: "user",
          content: "q2",
          parentId: a1?.id,
        });
        if (!q1 || !a1 || !a1b || !q2) throw new Error("an append failed");
        return { ownerId, id, q1, a1, a1b, q2 };
      }
      const path = async (ownerId: string, id: string) => {
        const conversation = await store.getConversation(ownerId, id);
        return conversation ? currentPathOf(conversation).map((m) => m.content) : undefined;
      };

      test("each message has a parent (the current leaf by default); an append becomes the leaf", async () => {
        const { ownerId, id, q1, a1, a1b, q2 } = await branched();
        expect([q1.parentId, a1.parentId, a1b.parentId, q2.parentId]).toEqual([
          null,
          q1.id,
          q1.id,
          a1.id,
        ]);
        const conversation = await store.getConversation(ownerId, id);
        expect(conversation?.messages.map((m) => m.content)).toEqual(["q1", "a1", "a1b", "q2"]);
        expect(conversation?.currentLeafId).toBe(q2.id);
        expect(await path(ownerId, id)).toEqual(["q1", "a1", "q2"]);
        // By default a message follows the current leaf.
        await store.appendMessage(ownerId, id, { role: "assistant", content: "a2" });
        expect(await path(ownerId, id)).toEqual(["q1", "a1", "q2", "a2"]);
        // A new first message (an edit of the first one) has no parent.
        const edited = await store.appendMessage(ownerId, id, {
          role: "user",
          content: "q1 edited",
          parentId: null,
        });
        expect(edited?.parentId).toBeNull();
        expect(await path(ownerId, id)).toEqual(["q1 edited"]);
      });

      test("the current leaf can be set to any of the conversation's messages, and nowhere else", async () => {
        const { ownerId, id, a1b } = await branched();
        expect(await store.setCurrentLeaf(ownerId, id, a1b.id)).toMatchObject({
          currentLeafId: a1b.id,
        });
        expect(await path(ownerId, id)).toEqual(["q1", "a1b"]);
        const other = await branched();
        expect(await store.setCurrentLeaf(ownerId, id, other.q2.id)).toBeUndefined();
        expect(await store.setCurrentLeaf(owner(), id, a1b.id)).toBeUndefined();
        expect(await path(ownerId, id)).toEqual(["q1", "a1b"]);
      });

      test("a parent from another conversation, or an id already taken, is refused", async () => {
        const { ownerId, id, q1 } = await branched();
        const other = await branched();
        const foreign = await store
          .appendMessage(ownerId, id, { role: "user", content: "x", parentId: other.q1.id })
          .catch((e: unknown) => e);
        expect(ChatStoreError.isInstance(foreign) && foreign.code).toBe("invalid-parent");
        const taken = await store
          .appendMessage(ownerId, id, { role: "user", content: "x", id: q1.id })
          .catch((e: unknown) => e);
        expect(ChatStoreError.isInstance(taken) && taken.code).toBe("id-taken");
        const chosen = await store.appendMessage(ownerId, id, {
          role: "user",
          content: "named by the page",
          id: "page-chosen-message-1",
        });
        expect(chosen?.id).toBe("page-chosen-message-1");
        expect((await store.getConversation(ownerId, id))?.messages).toHaveLength(5);
      });

      test("deleting a branch removes it and what follows; the page then shows a remaining version", async () => {
        const { ownerId, id, a1, a1b, q2 } = await branched();
        // Showing q1 → a1 → q2: deleting a1 takes q2 with it and shows a1b.
        expect(await store.deleteBranch(ownerId, id, a1.id)).toBe(2);
        const after = await store.getConversation(ownerId, id);
        expect(after?.messages.map((m) => m.content)).toEqual(["q1", "a1b"]);
        expect(after?.currentLeafId).toBe(a1b.id);
        expect(await harness.countMessages(url, id)).toBe(2);
        // Deleting the only version shows its parent; a message not there deletes nothing.
        expect(await store.deleteBranch(ownerId, id, a1b.id)).toBe(1);
        expect(await path(ownerId, id)).toEqual(["q1"]);
        expect(await store.deleteBranch(ownerId, id, q2.id)).toBe(0);
        expect(await store.deleteBranch(owner(), id, a1.id)).toBeUndefined();
        // A branch not shown leaves the current path alone.
        const other = await branched();
        await store.deleteBranch(other.ownerId, other.id, other.a1b.id);
        expect(await path(other.ownerId, other.id)).toEqual(["q1", "a1", "q2"]);
      });

      test("seq is never reused after a delete", async () => {
        const { ownerId, id, q2 } = await branched();
        await store.deleteBranch(ownerId, id, q2.id);
        const next = await store.appendMessage(ownerId, id, { role: "user", content: "again" });
        expect(next?.seq).toBe(5);
      });

      test("export and import keep the tree and the version shown", async () => {
        const { ownerId, id, a1b } = await branched();
        await store.setCurrentLeaf(ownerId, id, a1b.id);
        const original = (await store.getConversation(ownerId, id)) as ConversationTree;
        const imported = await store.importConversation(
          owner(),
          ours(JSON.parse(JSON.stringify(exportConversationJson(original)))),
        );
        const shape = (c: ConversationTree) => {
          const byId = new Map(c.messages.map((m) => [m.id, m.content]));
          return {
            messages: c.messages.map((m) => [m.content, m.parentId && byId.get(m.parentId)]),
            current: c.currentLeafId && byId.get(c.currentLeafId),
          };
        };
        expect(shape(imported)).toEqual(shape(original));
        expect(shape(imported)).toEqual({
          messages: [
            ["q1", null],
            ["a1", "q1"],
            ["a1b", "q1"],
            ["q2", "a1"],
          ],
          current: "a1b",
        });
        // The Markdown transcript is the path shown.
        const markdown = exportConversationMarkdown(original);
        expect(markdown).toContain("a1b");
        expect(markdown).not.toContain("q2");
      });
    });

    test("markInterruptedMessages fails what was left streaming", async () => {
      const own = await open(await harness.freshDatabaseUrl());
      const ownerId = owner();
      const { id } = await own.createConversation({ ownerId });
      await own.appendMessage(ownerId, id, { role: "user", content: "q1" });
      const old = await own.appendMessage(ownerId, id, {
        role: "assistant",
        content: "half an ans",
        status: "streaming",
      });
      const cutoff = now();
      const recent = await own.appendMessage(ownerId, id, {
        role: "assistant",
        content: "still going",
        status: "streaming",
      });

      expect(await own.markInterruptedMessages({ updatedBefore: cutoff })).toBe(1);
      expect(await own.getMessage(ownerId, old?.id ?? "")).toMatchObject({
        status: "failed",
        content: "half an ans",
      });
      expect((await own.getMessage(ownerId, recent?.id ?? ""))?.status).toBe("streaming");
      expect(await own.markInterruptedMessages()).toBe(1);
      expect(await own.markInterruptedMessages()).toBe(0);
      const statuses = (await own.getConversation(ownerId, id))?.messages.map((m) => m.status);
      expect(statuses).toEqual(["complete", "failed", "failed"]);
    });

    test("export to JSON and import round-trips; Markdown reads as a transcript", async () => {
      const ownerId = owner();
      const { id } = await store.createConversation({
        ownerId,
        systemPrompt: "Answer in rhyme.\nAlways.",
        model: "local:tiny.gguf",
      });
      await store.appendMessage(ownerId, id, { role: "user", content: "Why is the sky blue?" });
      const reply = await store.appendMessage(ownerId, id, {
        role: "assistant",
        content: "Light **scatters**,\n\n- short waves more",
        status: "streaming",
      });
      await store.updateMessage(ownerId, reply?.id ?? "", { status: "stopped" });
      const original = await store.getConversation(ownerId, id);
      if (!original) throw new Error("conversation missing");

      const json = JSON.parse(JSON.stringify(exportConversationJson(original)));
      const newOwner = owner();
      const imported = await store.importConversation(newOwner, ours(json));
      expect(imported.id).not.toBe(original.id);
      expect(imported.ownerId).toBe(newOwner);
      expect(await store.getConversation(newOwner, imported.id)).toEqual(imported);
      expect(exportedShape(imported)).toEqual(exportedShape(original));
      expect(await store.getConversation(ownerId, imported.id)).toBeUndefined();
      const next = await store.appendMessage(newOwner, imported.id, {
        role: "user",
        content: "ok",
      });
      expect(next?.seq).toBe(3);

      const markdown = exportConversationMarkdown(original);
      expect(markdown).toContain("# Why is the sky blue?\n");
      expect(markdown).toContain("## User\n\nWhy is the sky blue?\n");
      expect(markdown).toContain("## Assistant *(stopped)*\n\nLight **scatters**,");
      expect(markdown).toContain("  > Answer in rhyme.\n  > Always.");
    });

    test("an import without times or statuses gets defaults; streaming becomes failed", async () => {
      const ownerId = owner();
      const data = ours({
        format: "chat-conversation",
        version: 1,
        title: "",
        messages: [
          { role: "user", content: "Imported question" },
          { role: "assistant", content: "Cut off", status: "streaming" },
        ],
      });
      const imported = await store.importConversation(ownerId, data);
      expect(imported).toMatchObject({ title: "Imported question", systemPrompt: null });
      expect(imported.messages.map((m) => [m.seq, m.status])).toEqual([
        [1, "complete"],
        [2, "failed"],
      ]);
    });

    describe("an import too large for one statement", () => {
      // Four messages of 600,000 characters: each row (content and parts) is over a million
      // characters, so each goes in an INSERT of its own (store-rows.ts, importInserts).
      const long = (
        n: number,
        role: "user" | "assistant" = n % 2 === 0 ? "user" : "assistant",
      ) => ({
        key: `m${n}`,
        parent: n === 0 ? null : `m${n - 1}`,
        role,
        parts: [{ type: "text" as const, text: `${n}:${"word ".repeat(120_000)}` }],
        status: "complete" as const,
      });
      const large = (messages: ConversationImport["messages"]): ConversationImport => ({
        title: "Large",
        systemPrompt: null,
        model: null,
        current: null,
        messages,
      });

      test("is stored whole, and no reader sees it before it is", async () => {
        const own = await open(await harness.freshDatabaseUrl());
        const ownerId = owner();
        const other = await own.createConversation({ ownerId: owner() });
        const data = large([0, 1, 2, 3].map((n) => long(n)));
        let done = false;
        const importing = own.importConversation(ownerId, data).finally(() => (done = true));
        const seen: number[] = [];
        // Reads begun while the import ran (PostgreSQL may finish it during the first).
        let readsBegun = 0;
        while (!done) {
          readsBegun++;
          const listed = (await own.listConversations(ownerId)).conversations;
          const found = listed[0] && (await own.getConversation(ownerId, listed[0].id));
          seen.push(found ? found.messages.length : 0);
          // Another owner's write goes through meanwhile: nothing holds the database between
          // statements.
          await own.appendMessage(other.ownerId, other.id, { role: "user", content: "meanwhile" });
          // SQLite answers within the microtask queue: the import goes on in the next turn.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const imported = await importing;
        expect(readsBegun).toBeGreaterThan(0);
        expect(seen.every((count) => count === 0 || count === 4)).toBe(true);
        const stored = await own.getConversation(ownerId, imported.id);
        expect(stored).toEqual(imported);
        expect(stored?.messages.map((m) => m.content)).toEqual(
          data.messages.map((m) => (m.parts[0]?.type === "text" ? m.parts[0].text : "")),
        );
        expect(stored?.currentLeafId).toBe(stored?.messages[3]?.id);
      });

      test("that fails in a later statement leaves nothing behind", async () => {
        const databaseUrl = await harness.freshDatabaseUrl();
        const own = await open(databaseUrl);
        const ownerId = owner();
        // The database refuses the last INSERT (its role check), after three went in: only a
        // type cast gets such a message here, but a full disk or a lost connection fails the
        // same statement the same way.
        const data = large([long(0), long(1), long(2), long(3, "system" as "user")]);
        await expect(own.importConversation(ownerId, data)).rejects.toThrow();
        expect((await own.listConversations(ownerId)).conversations).toEqual([]);
        expect(await harness.countRows(databaseUrl)).toEqual({ conversations: 0, messages: 0 });
        // And the next import goes in as usual.
        const next = await own.importConversation(ownerId, large([long(0), long(1)]));
        expect((await own.getConversation(ownerId, next.id))?.messages).toHaveLength(2);
      });
    });

    test("migrates an empty database, and re-opening (even twice at once) changes nothing", async () => {
      const fresh = await harness.freshDatabaseUrl();
      const first = await open(fresh);
      const ownerId = owner();
      const { id } = await first.createConversation({ ownerId, title: "Survives" });
      await first.close();
      const [a, b] = await Promise.all([open(fresh), open(fresh)]);
      expect((await a.getConversation(ownerId, id))?.title).toBe("Survives");
      expect((await b.listConversations(ownerId)).conversations).toHaveLength(1);

      const empty = await harness.freshDatabaseUrl();
      const together = await Promise.all([open(empty), open(empty), open(empty)]);
      const created = await together[0]?.createConversation({ ownerId });
      expect(await together[2]?.getConversation(ownerId, created?.id ?? "")).toBeDefined();
    });

    describe("files", () => {
      const bytesOf = (text: string) => new TextEncoder().encode(text);
      const aFile = (name: string, text: string) => ({
        name,
        mediaType: "text/plain",
        size: bytesOf(text).length,
        sha256: "0".repeat(64),
        pages: null,
        text,
        bytes: bytesOf(text),
      });

      test("keeps a file's bytes and text in its owner's conversation, for that owner only", async () => {
        const ownerId = owner();
        const stranger = owner();
        const conversation = await store.createConversation({ ownerId });
        // Every byte value survives, not just text.
        const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
        const saved = await store.saveFile(ownerId, conversation.id, {
          name: "report.pdf",
          mediaType: "application/pdf",
          size: bytes.length,
          sha256: "a".repeat(64),
          pages: 2,
          text: "page one\fpage two",
          bytes,
        });
        expect(saved).toMatchObject({
          ownerId,
          conversationId: conversation.id,
          name: "report.pdf",
          mediaType: "application/pdf",
          size: 256,
          pages: 2,
        });
        expect(saved?.id).toMatch(/^[\w-]{21}$/);
        const [read] = await store.getFiles(ownerId, [saved?.id ?? ""]);
        expect(read).toEqual({ ...saved, text: "page one\fpage two", bytes });
        expect(await store.getFiles(stranger, [saved?.id ?? ""])).toEqual([]);
        expect(await store.listFiles(stranger, conversation.id)).toEqual([]);
        expect(await store.deleteFile(stranger, saved?.id ?? "")).toBe(false);
        // Not into another owner's conversation either.
        expect(
          await store.saveFile(stranger, conversation.id, aFile("x.txt", "x")),
        ).toBeUndefined();
        expect(await store.saveFile(ownerId, "no-such-conversation", aFile("x.txt", "x"))).toBe(
          undefined,
        );
      });

      test("lists a conversation's files oldest first without their bytes, and counts an owner's bytes", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        const other = await store.createConversation({ ownerId });
        const first = await store.saveFile(ownerId, conversation.id, aFile("a.txt", "alpha"));
        const second = await store.saveFile(ownerId, conversation.id, aFile("b.csv", "b,c\n1,2"));
        await store.saveFile(ownerId, other.id, aFile("c.md", "# c"));
        const listed = await store.listFiles(ownerId, conversation.id);
        expect(listed).toEqual([first, second]);
        expect(listed[0]).not.toHaveProperty("bytes");
        expect(await store.fileBytesOf(ownerId)).toBe(5 + 7 + 3);
        expect(await store.fileBytesOf(owner())).toBe(0);
        expect(await store.deleteFile(ownerId, first?.id ?? "")).toBe(true);
        expect(await store.listFiles(ownerId, conversation.id)).toEqual([second]);
        expect(await store.fileBytesOf(ownerId)).toBe(7 + 3);
      });

      test("a conversation's files are deleted with it, and move with it to another owner", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        const file = await store.saveFile(ownerId, conversation.id, aFile("a.txt", "alpha"));
        const heir = owner();
        await store.transferConversations(ownerId, heir);
        expect(await store.getFiles(ownerId, [file?.id ?? ""])).toEqual([]);
        expect((await store.getFiles(heir, [file?.id ?? ""]))[0]?.text).toBe("alpha");
        expect(await store.deleteConversation(heir, conversation.id)).toBe(true);
        expect(await store.getFiles(heir, [file?.id ?? ""])).toEqual([]);
        expect(await store.fileBytesOf(heir)).toBe(0);
      });

      test("a message keeps its file parts before its text", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        const file = await store.saveFile(ownerId, conversation.id, aFile("a.txt", "alpha"));
        const parts: MessagePart[] = [
          {
            type: "file",
            fileId: file?.id ?? "",
            name: "a.txt",
            mediaType: "text/plain",
            size: 5,
          },
          { type: "text", text: "What does it say?" },
        ];
        const message = await store.appendMessage(ownerId, conversation.id, {
          role: "user",
          parts,
        });
        expect(message).toMatchObject({ parts, content: "What does it say?" });
        const read = await store.getConversation(ownerId, conversation.id);
        expect(read?.messages[0]?.parts).toEqual(parts);
      });
    });

    describe("file chunks", () => {
      const vector = (...values: number[]) => new Uint8Array(Float32Array.from(values).buffer);
      const chunk = (ordinal: number, text: string, embedding = vector(1, 0, 0)) => ({
        ordinal,
        page: ordinal + 1,
        text,
        tokens: Math.ceil(text.length / 4),
        embedding,
      });
      const textFile = (text: string) => ({
        name: "notes.pdf",
        mediaType: "application/pdf",
        size: text.length,
        sha256: "0".repeat(64),
        pages: 3,
        text,
        bytes: new TextEncoder().encode(text),
      });
      const saveIndexed = async (ownerId: string, conversationId: string, texts: string[]) => {
        const file = await store.saveFile(ownerId, conversationId, textFile(texts.join("\f")));
        if (!file) throw new Error("no file");
        await store.saveFileChunks(
          ownerId,
          file.id,
          texts.map((text, i) => chunk(i, text)),
        );
        return file;
      };

      test("words find the chunk that holds them, best match first, in one owner's conversation only", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        const other = await store.createConversation({ ownerId });
        const file = await saveIndexed(ownerId, conversation.id, [
          "The quarterly revenue grew in the northern region.",
          "Our lighthouse keeper logs the tides every morning.",
          "Revenue fell in the south; the lighthouse was closed.",
        ]);
        await saveIndexed(ownerId, other.id, ["The lighthouse keeper of the other conversation."]);
        const matches = await store.matchFileChunks(
          ownerId,
          conversation.id,
          ["who", "keeps", "lighthouse", "logs", "tides"],
          { limit: 10 },
        );
        const found = await store.getFileChunks(
          ownerId,
          matches.map((match) => match.id),
        );
        const byId = new Map(found.map((row) => [row.id, row]));
        const texts = matches.map((match) => byId.get(match.id)?.text);
        // Both chunks that mention the lighthouse, the one with more of the words first; none of
        // the other conversation's.
        expect(texts).toEqual([
          "Our lighthouse keeper logs the tides every morning.",
          "Revenue fell in the south; the lighthouse was closed.",
        ]);
        expect(found.find((row) => row.ordinal === 1)).toMatchObject({
          fileId: file.id,
          fileName: "notes.pdf",
          conversationId: conversation.id,
          page: 2,
        });
        // Stemmed (keeper/keeps aside, "tide" finds "tides"), any syntax taken as words.
        const tide = await store.matchFileChunks(ownerId, conversation.id, ["tide", "or", "*"], {
          limit: 10,
        });
        expect(tide).toHaveLength(1);
        expect(
          await store.matchFileChunks(owner(), conversation.id, ["lighthouse"], { limit: 10 }),
        ).toEqual([]);
        expect(await store.getFileChunks(owner(), [...byId.keys()])).toEqual([]);
        expect(
          await store.matchFileChunks(ownerId, conversation.id, ["lighthouse"], {
            limit: 10,
            fileIds: ["another-file"],
          }),
        ).toEqual([]);
        expect(await store.matchFileChunks(ownerId, conversation.id, [], { limit: 10 })).toEqual(
          [],
        );
      });

      test("words in more than one chunk in twenty of the conversation are left out; rare words are still found", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        // 100 chunks: the limit is 20 (common-words.ts). "harbour" is in 30 of them, "lantern"
        // in exactly 20, "zeppelin" in one.
        const texts = Array.from({ length: 100 }, (_, i) =>
          [
            `Page ${i} of the log.`,
            i < 30 ? "The boats rest in the harbour." : "",
            i >= 50 && i < 70 ? "A lantern burns at the window." : "",
            i === 7 ? "A zeppelin passed over at dawn." : "",
          ].join(" "),
        );
        await saveIndexed(ownerId, conversation.id, texts);
        const textsOf = async (words: string[]) => {
          const matches = await store.matchFileChunks(ownerId, conversation.id, words, {
            limit: 100,
          });
          const found = new Map(
            (
              await store.getFileChunks(
                ownerId,
                matches.map((match) => match.id),
              )
            ).map((row) => [row.id, row.text]),
          );
          return matches.map((match) => found.get(match.id));
        };
        // The common word alone finds nothing; with a rare one, only the rare one's chunk.
        expect(await textsOf(["harbour"])).toEqual([]);
        expect(await textsOf(["harbour", "zeppelin"])).toEqual([texts[7]]);
        // At the limit a word still counts.
        expect(await textsOf(["lantern"])).toHaveLength(20);
        expect(await textsOf(["harbour", "lantern"])).toHaveLength(20);
        // In a conversation of three chunks a word in two of them is kept (the limit's floor).
        const small = await store.createConversation({ ownerId });
        await saveIndexed(ownerId, small.id, ["harbour one", "harbour two", "dock three"]);
        expect(
          await store.matchFileChunks(ownerId, small.id, ["harbour"], { limit: 10 }),
        ).toHaveLength(2);
      });

      test("vectors come back as stored, and the chunk set's version changes with every change", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        expect(await store.fileChunkSetVersion(ownerId, conversation.id)).toEqual({
          count: 0,
          maxId: 0,
        });
        const file = await store.saveFile(ownerId, conversation.id, textFile("a\fb"));
        if (!file) throw new Error("no file");
        expect(
          await store.saveFileChunks(ownerId, file.id, [
            chunk(0, "alpha", vector(0.6, 0.8)),
            chunk(1, "beta", vector(0, 1)),
          ]),
        ).toBe(true);
        expect(await store.saveFileChunks(owner(), file.id, [chunk(0, "x")])).toBe(false);
        const first = await store.fileChunkSetVersion(ownerId, conversation.id);
        expect(first.count).toBe(2);
        const vectors = await store.fileChunkVectors(ownerId, conversation.id);
        expect(
          vectors.map((row) => [
            row.fileId,
            [...new Float32Array(Uint8Array.from(row.embedding).buffer)],
          ]),
        ).toEqual([
          [file.id, [Math.fround(0.6), Math.fround(0.8)]],
          [file.id, [0, 1]],
        ]);
        expect(await store.fileChunkVectors(owner(), conversation.id)).toEqual([]);
        expect(await store.countFileChunks(ownerId, [file.id, "none"])).toEqual(
          new Map([[file.id, 2]]),
        );
        // Indexed again: the same count, other ids.
        await store.saveFileChunks(ownerId, file.id, [chunk(0, "gamma"), chunk(1, "delta")]);
        const second = await store.fileChunkSetVersion(ownerId, conversation.id);
        expect(second.count).toBe(2);
        expect(second).not.toEqual(first);
        expect(
          await store.matchFileChunks(ownerId, conversation.id, ["alpha"], { limit: 5 }),
        ).toEqual([]);
      });

      test("term counts go with their file: a word common in a deleted file is rare again", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        // 60 + 40 chunks, the limit 20: "harbour" in all 60 of the first file, 5 of the second.
        const first = await saveIndexed(
          ownerId,
          conversation.id,
          Array.from({ length: 60 }, (_, i) => `Harbour page ${i}.`),
        );
        await saveIndexed(
          ownerId,
          conversation.id,
          Array.from({ length: 40 }, (_, i) => `Log page ${i}.${i < 5 ? " The harbour." : ""}`),
        );
        const harbour = () =>
          store.matchFileChunks(ownerId, conversation.id, ["harbour"], { limit: 100 });
        expect(await harbour()).toEqual([]);
        expect(await store.deleteFile(ownerId, first.id)).toBe(true);
        expect(await harbour()).toHaveLength(5);
      });

      test("the migration to term counts counts the chunks stored before it", async () => {
        const migrated = await open(await harness.uncountedChunksDatabaseUrl());
        const { ownerId, conversationId, texts } = uncountedChunks;
        const textsOf = async (words: string[]) => {
          const matches = await migrated.matchFileChunks(ownerId, conversationId, words, {
            limit: 100,
          });
          const found = await migrated.getFileChunks(
            ownerId,
            matches.map((match) => match.id),
          );
          return found.map((row) => row.text);
        };
        expect(await textsOf(["zeppelin", "harbour"])).toEqual([texts[7]]);
        expect(await textsOf(["page"])).toEqual([]);
      });

      test("chunks go with their file and conversation, and move with them to another owner", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        const file = await saveIndexed(ownerId, conversation.id, ["zeppelin over the harbour"]);
        const kept = await saveIndexed(ownerId, conversation.id, ["zeppelin in the hangar"]);
        expect(await store.deleteFile(ownerId, file.id)).toBe(true);
        const left = await store.matchFileChunks(ownerId, conversation.id, ["zeppelin"], {
          limit: 5,
        });
        expect(left.map((match) => match.fileId)).toEqual([kept.id]);
        const heir = owner();
        await store.transferConversations(ownerId, heir);
        expect(await store.fileChunkVectors(ownerId, conversation.id)).toEqual([]);
        expect(
          await store.matchFileChunks(heir, conversation.id, ["zeppelin"], { limit: 5 }),
        ).toHaveLength(1);
        await store.deleteConversation(heir, conversation.id);
        expect(await store.fileChunkSetVersion(heir, conversation.id)).toEqual({
          count: 0,
          maxId: 0,
        });
        expect(
          await store.matchFileChunks(heir, conversation.id, ["zeppelin"], { limit: 5 }),
        ).toEqual([]);
      });
    });

    describe("message parts", () => {
      test("a message keeps its parts in order: text, thinking, tool calls; content is its text", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        await store.appendMessage(ownerId, conversation.id, { role: "user", content: "Weather?" });
        const reply = await store.appendMessage(ownerId, conversation.id, {
          role: "assistant",
          parts: [],
          status: "streaming",
        });
        expect(reply).toMatchObject({ parts: [], content: "" });
        const parts: MessagePart[] = [
          { type: "reasoning", text: "The user asks about the weather.", durationMs: 1200 },
          {
            type: "tool",
            toolCallId: "call_1",
            toolName: "weather",
            server: "everything",
            input: { city: "Oslo" },
            state: "output-available",
            output: { content: [{ type: "text", text: "Sunny" }] },
          },
          { type: "text", text: "It is sunny " },
          { type: "text", text: "in Oslo." },
        ];
        const saved = await store.updateMessage(ownerId, reply?.id ?? "", {
          parts,
          status: "complete",
        });
        expect(saved).toMatchObject({ parts, content: "It is sunny in Oslo." });
        const again = await store.getConversation(ownerId, conversation.id);
        expect(again?.messages.map((m) => m.parts)).toEqual([partsOfText("Weather?"), parts]);
        // Search finds the text, not the tool's output.
        expect(await store.searchConversations(ownerId, "sunny in oslo")).toHaveLength(1);
        expect(await store.searchConversations(ownerId, "The user asks")).toHaveLength(0);
      });

      test("export and import keep the parts; an export from before parts imports as text", async () => {
        const ownerId = owner();
        const conversation = await store.createConversation({ ownerId });
        await store.appendMessage(ownerId, conversation.id, { role: "user", content: "Hi" });
        const parts: MessagePart[] = [
          { type: "reasoning", text: "Greet back.", durationMs: 800 },
          { type: "text", text: "Hello!" },
        ];
        await store.appendMessage(ownerId, conversation.id, { role: "assistant", parts });
        const exported = exportConversationJson(
          (await store.getConversation(ownerId, conversation.id)) as ConversationTree,
        );
        const imported = await store.importConversation(
          owner(),
          ours(JSON.parse(JSON.stringify(exported))),
        );
        expect(imported.messages.map((m) => m.parts)).toEqual([partsOfText("Hi"), parts]);

        const { parts: _dropped, ...textOnly } = exported
          .messages[1] as (typeof exported.messages)[number];
        const old = await store.importConversation(
          owner(),
          ours({
            ...exported,
            messages: [exported.messages[0], textOnly],
          }),
        );
        expect(old.messages[1]?.parts).toEqual(partsOfText("Hello!"));
      });

      test("an import never stores a tool call waiting for approval or running: it is interrupted", async () => {
        const call = (state: ToolState, extra: Partial<ToolPart> = {}): ToolPart => ({
          type: "tool",
          toolCallId: `call-${state}`,
          toolName: "write_file",
          server: "files",
          input: { path: "/etc/passwd" },
          state,
          approvalId: `approval-${state}`,
          ...extra,
        });
        const parts: MessagePart[] = [
          call("approval-requested"),
          call("running"),
          call("output-available", { output: { content: [] } }),
          call("output-error", { errorText: "It failed." }),
          call("output-denied"),
          call("interrupted"),
          { type: "text", text: "Done." },
        ];
        const ownerId = owner();
        // Straight to the store, as any importer's conversation arrives, and through our format.
        const direct = await store.importConversation(ownerId, {
          title: "Calls",
          systemPrompt: null,
          model: null,
          messages: [
            { key: "q", parent: null, role: "user", parts: partsOfText("Go"), status: "complete" },
            { key: "r", parent: "q", role: "assistant", parts, status: "complete" },
          ],
          current: null,
        });
        const viaExport = await store.importConversation(
          ownerId,
          ours({
            format: "chat-conversation",
            version: 1,
            title: "Calls again",
            messages: [
              { role: "user", content: "Go" },
              { role: "assistant", content: "Done.", parts },
            ],
          }),
        );
        for (const imported of [direct, viaExport]) {
          const stored = (await store.getConversation(ownerId, imported.id)) as ConversationTree;
          for (const conversation of [imported, stored]) {
            const states = conversation.messages.flatMap((m) =>
              m.parts.flatMap((p) => (p.type === "tool" ? [p.state] : [])),
            );
            expect(states).toEqual([
              "interrupted",
              "interrupted",
              "output-available",
              "output-error",
              "output-denied",
              "interrupted",
            ]);
            const [waited, ran, ...ended] = conversation.messages[1]?.parts ?? [];
            // No approval left to answer on what was waiting; what ended is kept as it was.
            const { approvalId: _, ...interrupted } = call("interrupted");
            expect(waited).toStrictEqual({ ...interrupted, toolCallId: "call-approval-requested" });
            expect(ran).toStrictEqual({ ...interrupted, toolCallId: "call-running" });
            expect(ended).toEqual(parts.slice(2));
          }
        }
      });

      test("the migration to parts keeps every stored conversation, each text its one text part", async () => {
        const legacyUrl = await harness.legacyDatabaseUrl();
        const migrated = await open(legacyUrl);
        const conversation = await migrated.getConversation(
          legacyConversation.ownerId,
          legacyConversation.conversationId,
        );
        expect(
          conversation?.messages.map(({ role, content, parts }) => ({ role, content, parts })),
        ).toEqual([
          { role: "user", content: "Tell me a story.", parts: partsOfText("Tell me a story.") },
          {
            role: "assistant",
            content: "Once upon a time.",
            parts: partsOfText("Once upon a time."),
          },
          { role: "assistant", content: "", parts: [] },
        ]);
        // Migrated past tool preferences too: every tool on, every call asks; and today's cast.
        expect(conversation?.tools).toEqual({ off: [], alwaysAllowed: [] });
        expect(conversation?.cast).toEqual(defaultCast);
        expect(conversation?.messages.map((m) => m.speaker)).toEqual([null, null, null]);
        // And into a tree: a chain, showing its last message.
        const messages = conversation?.messages ?? [];
        expect(messages.map((m) => m.parentId)).toEqual([null, messages[0]?.id, messages[1]?.id]);
        expect(conversation?.currentLeafId).toBe(messages[2]?.id);
        const next = await migrated.appendMessage(
          legacyConversation.ownerId,
          legacyConversation.conversationId,
          { role: "user", content: "And then?" },
        );
        expect(next?.parentId).toBe(messages[2]?.id);
      });
    });
  });
}
