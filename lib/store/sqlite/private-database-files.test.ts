import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { openSqliteChatStore } from "./sqlite-chat-store";

const dir = mkdtempSync(join(tmpdir(), "chat-store-mode-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

test("the database, its WAL and shared memory are readable by the server's user only", async () => {
  const path = join(dir, "new", "chat.db");
  const store = await openSqliteChatStore({ path });
  try {
    // A write while open: the WAL and SHM files exist now.
    await store.createConversation({ ownerId: "owner", title: "t" });
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(`${path}-shm`)).toBe(0o600);
    expect(mode(join(dir, "new"))).toBe(0o700);
  } finally {
    await store.close();
  }
});

test("a database an older run left readable by others is narrowed when opened", async () => {
  const path = join(dir, "old.db");
  writeFileSync(path, "");
  chmodSync(path, 0o644);
  const store = await openSqliteChatStore({ path });
  await store.close();
  expect(mode(path)).toBe(0o600);
});
