import "server-only";
import { env } from "@/lib/env";
import type { ChatStore } from "./chat-store";
import { parseDatabaseUrl } from "./database-url";

export interface OpenChatStoreOptions {
  /** Where the dialect's migrations are; default `lib/store/<dialect>/migrations` under the cwd. */
  migrationsFolder?: string;
  /** The clock of `createdAt`/`updatedAt` (tests pass one that ticks). */
  now?: () => Date;
}

/**
 * Opens the store `databaseUrl` names (`file:…` SQLite, `postgres://…` PostgreSQL) and applies
 * its migrations. Only the chosen dialect's driver is loaded.
 */
export async function openChatStore(
  databaseUrl: string,
  options: OpenChatStoreOptions = {},
): Promise<ChatStore> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect === "sqlite") {
    const { openSqliteChatStore } = await import("./sqlite/sqlite-chat-store");
    return openSqliteChatStore({ path: target.path, ...options });
  }
  const { openPostgresChatStore } = await import("./postgres/postgres-chat-store");
  return openPostgresChatStore({ url: target.url, ...options });
}

/**
 * How long a `streaming` message must have gone without an update before a starting instance
 * of a shared PostgreSQL database calls it interrupted: other instances may still be writing
 * younger ones, and a reply may go without a write while it waits for the model or reads a long
 * prompt, up to the total reply limit. A minute more than that.
 */
export function sharedDatabaseStaleAfterMs(totalReplyLimitMs: number): number {
  return totalReplyLimitMs + 60_000;
}

const key = Symbol.for("chat.store.chatStore");
type Holder = { [key]?: Promise<ChatStore> };

/**
 * The process's store, opened from DATABASE_URL on first use and kept on `globalThis` (Next.js
 * may load this module once per bundle). Opening marks replies a previous run left `streaming`
 * as `failed`. A failed open is not kept: the next call tries again.
 */
export function getChatStore(): Promise<ChatStore> {
  const holder = globalThis as Holder;
  const settings = env();
  holder[key] ??= openShared(
    settings.DATABASE_URL,
    sharedDatabaseStaleAfterMs(settings.CHAT_TOTAL_TIMEOUT_MS),
  ).catch((error: unknown) => {
    delete holder[key];
    throw error;
  });
  return holder[key];
}

async function openShared(databaseUrl: string, staleAfterMs: number): Promise<ChatStore> {
  const store = await openChatStore(databaseUrl);
  await store.markInterruptedMessages(
    store.dialect === "sqlite" ? {} : { updatedBefore: new Date(Date.now() - staleAfterMs) },
  );
  return store;
}

/** Closes the process's store (tests, shutdown); the next `getChatStore` opens a new one. */
export async function closeChatStore(): Promise<void> {
  const holder = globalThis as Holder;
  const store = holder[key];
  delete holder[key];
  await (await store?.catch(() => undefined))?.close();
}
