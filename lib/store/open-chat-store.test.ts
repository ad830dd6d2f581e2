import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test, vi } from "vitest";
import { closeChatStore, getChatStore, openChatStore } from "./open-chat-store";

const dir = mkdtempSync(join(tmpdir(), "chat-store-"));
const url = `file:${join(dir, "chat.db")}`;
vi.stubEnv("DATABASE_URL", url);

afterAll(async () => {
  await closeChatStore();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

test("getChatStore opens DATABASE_URL once per process, even from two bundles", async () => {
  const [a, b] = await Promise.all([getChatStore(), getChatStore()]);
  expect(a).toBe(b);
  expect(a.dialect).toBe("sqlite");
  vi.resetModules();
  const secondCopy = await import("./open-chat-store");
  expect(secondCopy.getChatStore).not.toBe(getChatStore);
  expect(await secondCopy.getChatStore()).toBe(a);
});

test("a reply left streaming by the previous process is failed when the store opens", async () => {
  const previous = await openChatStore(url);
  const { id } = await previous.createConversation({ ownerId: "u" });
  await previous.appendMessage("u", id, { role: "user", content: "Hi" });
  const cut = await previous.appendMessage("u", id, {
    role: "assistant",
    content: "Hel",
    status: "streaming",
  });
  await previous.close();

  await closeChatStore();
  const store = await getChatStore();
  expect(await store.getMessage("u", cut?.id ?? "")).toMatchObject({
    status: "failed",
    content: "Hel",
  });
});
