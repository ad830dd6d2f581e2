import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type ChatStore, openChatStore, type StoredMessage } from "@/lib/store";

/** A real SQLite store in a temporary folder for this test file; the getter reads it in tests. */
export function tempChatStoreForFile(): () => ChatStore {
  const dir = mkdtempSync(join(tmpdir(), "chat-store-"));
  let store: ChatStore | undefined;
  beforeAll(async () => {
    store = await openChatStore(`file:${join(dir, "chat.db")}`);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!store) throw new Error("the store opens in beforeAll");
    return store;
  };
}

/** A new conversation of one question and a reply still being written (`streaming`). */
export async function appendStreamingReply(
  store: ChatStore,
  ownerId: string,
  content = "",
): Promise<StoredMessage> {
  const { id } = await store.createConversation({ ownerId });
  await store.appendMessage(ownerId, id, { role: "user", content: "Tell me a story" });
  const reply = await store.appendMessage(ownerId, id, {
    role: "assistant",
    content,
    status: "streaming",
  });
  if (!reply) throw new Error("the reply was not appended");
  return reply;
}
