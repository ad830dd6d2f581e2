import { ChatStoreError } from "../chat-store-error";
import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { type Client, createClient } from "@libsql/client";
import { and, desc, eq, exists, getTableColumns, inArray, lt, type SQL, sql } from "drizzle-orm";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import type { AccountsStore } from "../accounts-store";
import type {
  ChatStore,
  ConversationPage,
  ConversationSettingsPatch,
  MessagePatch,
  MessageStatus,
  NewMessage,
  StoredMessage,
} from "../chat-store";
import { checkedTitle, titleFromMessage } from "../conversation-title";
import { containsPattern } from "../like-pattern";
import { decodeListCursor, encodeListCursor, pageLimit } from "../list-cursor";
import { idFrom } from "../new-id";
import {
  branchRemoval,
  type ConversationRow,
  importInserts,
  importRows,
  type MessageInsert,
  messageContent,
  patchColumns,
  toConversation,
  uniqueIdError,
  withMessages,
} from "../store-rows";
import type { NewFile } from "../stored-file";
import type { NewFileChunk } from "../stored-file-chunk";
import type { StoredResponse } from "../stored-response";
import { makeDatabaseFilesPrivate } from "./private-database-files";
import { conversations, messages } from "./schema";
import { sqliteAccounts } from "./sqlite-accounts";
import { sqliteFileChunks } from "./sqlite-file-chunks";
import { sqliteFiles } from "./sqlite-files";
import { defaultSqliteMigrationsFolder, migrateSqlite } from "./sqlite-migrate";
import { sqliteResponses } from "./sqlite-responses";

export interface SqliteChatStoreOptions {
  /** The database file; its directory and the file are created when missing, private to this user. */
  path: string;
  migrationsFolder?: string;
  /** How long a write waits for another process's lock before failing. */
  busyTimeoutMs?: number;
  now?: () => Date;
}

/**
 * The owner of a conversation being imported in several statements: no owner id has a space
 * (cookies, people and keys are letters, digits, `-` and `_`), so no one lists, reads or counts it.
 */
const stagingPrefix = "importing ";
const stagingOwner = (conversationId: string) => `${stagingPrefix}${conversationId}`;

/**
 * Opens (creating and migrating) a SQLite database in WAL mode. libsql's calls are synchronous
 * underneath, so each statement and each `batch` runs whole before any other in this process:
 * writes never interleave, and `batch` is a transaction.
 */
export async function openSqliteChatStore(options: SqliteChatStoreOptions): Promise<ChatStore> {
  makeDatabaseFilesPrivate(options.path);
  const url = pathToFileURL(options.path).href;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  await migrateSqlite(
    url,
    options.migrationsFolder ?? defaultSqliteMigrationsFolder(),
    busyTimeoutMs,
  );
  // One connection: every call borrows it for one synchronous statement or batch, so calls
  // queue in order and per-connection settings hold for all of them.
  const client = createClient({ url, timeout: busyTimeoutMs, concurrency: 1 });
  await client.execute("PRAGMA foreign_keys = ON");
  // Imports a previous run left staged (importConversation): one process per file, so none is
  // still running.
  await client.execute({
    sql: "DELETE FROM conversations WHERE substr(owner_id, 1, ?) = ?",
    args: [stagingPrefix.length, stagingPrefix],
  });
  return new SqliteChatStore(client, options.now ?? (() => new Date()));
}

const likeEscape = sql.raw(`ESCAPE '\\'`);

/** The rows of one INSERT, their parts bound as the JSON already written. */
function messageValues(statement: MessageInsert[]) {
  return statement.map(({ message, partsJson }) => ({ ...message, parts: sql`${partsJson}` }));
}

class SqliteChatStore implements ChatStore {
  readonly dialect = "sqlite";
  private readonly responses: ReturnType<typeof sqliteResponses>;
  private readonly files: ReturnType<typeof sqliteFiles>;
  private readonly fileChunks: ReturnType<typeof sqliteFileChunks>;
  readonly authDatabase: AccountsStore["authDatabase"];
  readonly getAccessPolicy: AccountsStore["getAccessPolicy"];
  readonly saveAccessPolicy: AccountsStore["saveAccessPolicy"];
  readonly countPeople: AccountsStore["countPeople"];
  readonly findPersonKey: AccountsStore["findPersonKey"];
  readonly touchPersonKey: AccountsStore["touchPersonKey"];
  readonly createInvite: AccountsStore["createInvite"];
  readonly listOpenInvites: AccountsStore["listOpenInvites"];
  readonly takeInvite: AccountsStore["takeInvite"];
  readonly deleteInvite: AccountsStore["deleteInvite"];
  readonly recordUsage: AccountsStore["recordUsage"];
  readonly usageReport: AccountsStore["usageReport"];
  readonly transferConversations: AccountsStore["transferConversations"];
  readonly countConversations: AccountsStore["countConversations"];
  readonly deleteOwnerData: AccountsStore["deleteOwnerData"];
  private readonly db: LibSQLDatabase;

  constructor(
    private readonly client: Client,
    private readonly now: () => Date,
  ) {
    this.db = drizzle(client);
    this.responses = sqliteResponses(this.db);
    this.files = sqliteFiles(this.db, now);
    this.fileChunks = sqliteFileChunks(this.db);
    const accounts = sqliteAccounts(client, this.db, now);
    this.authDatabase = accounts.authDatabase;
    this.getAccessPolicy = accounts.getAccessPolicy;
    this.saveAccessPolicy = accounts.saveAccessPolicy;
    this.countPeople = accounts.countPeople;
    this.findPersonKey = accounts.findPersonKey;
    this.touchPersonKey = accounts.touchPersonKey;
    this.createInvite = accounts.createInvite;
    this.listOpenInvites = accounts.listOpenInvites;
    this.takeInvite = accounts.takeInvite;
    this.deleteInvite = accounts.deleteInvite;
    this.recordUsage = accounts.recordUsage;
    this.usageReport = accounts.usageReport;
    this.transferConversations = accounts.transferConversations;
    this.countConversations = accounts.countConversations;
    this.deleteOwnerData = accounts.deleteOwnerData;
  }

  private owned(ownerId: string, id: string): SQL | undefined {
    return and(eq(conversations.id, id), eq(conversations.ownerId, ownerId));
  }

  /** Messages of a conversation `ownerId` owns: the condition every message query carries. */
  private ownedMessage(ownerId: string): SQL {
    return exists(
      this.db
        .select({ one: sql`1` })
        .from(conversations)
        .where(
          and(eq(conversations.id, messages.conversationId), eq(conversations.ownerId, ownerId)),
        ),
    );
  }

  async createConversation(input: Parameters<ChatStore["createConversation"]>[0]) {
    const at = this.now();
    const [row] = await this.db
      .insert(conversations)
      .values({
        id: idFrom(input.id),
        ownerId: input.ownerId,
        title: input.title === undefined ? "" : checkedTitle(input.title),
        systemPrompt: input.systemPrompt ?? null,
        model: input.model ?? null,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new ChatStoreError("id-taken", `The conversation id ${input.id} is taken.`);
    }
    return toConversation(row);
  }

  async getConversation(ownerId: string, id: string) {
    const [found, rows] = await this.db.batch([
      this.db.select().from(conversations).where(this.owned(ownerId, id)),
      this.db
        .select(getTableColumns(messages))
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(messages.conversationId, id), eq(conversations.ownerId, ownerId)))
        .orderBy(messages.seq),
    ]);
    const conversation = found[0];
    return conversation && withMessages(conversation, rows);
  }

  async getConversationInfo(ownerId: string, id: string) {
    const row = await this.getConversationRow(ownerId, id);
    return row && toConversation(row);
  }

  async listConversations(
    ownerId: string,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<ConversationPage> {
    const limit = pageLimit(options.limit);
    const after = options.cursor === undefined ? undefined : decodeListCursor(options.cursor);
    const rows = await this.db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.ownerId, ownerId),
          after &&
            sql`(${conversations.updatedAt}, ${conversations.id}) < (${sql.param(after.updatedAt, conversations.updatedAt)}, ${after.id})`,
        ),
      )
      .orderBy(desc(conversations.updatedAt), desc(conversations.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit).map(toConversation);
    const last = page.at(-1);
    return rows.length > limit && last
      ? { conversations: page, nextCursor: encodeListCursor(last) }
      : { conversations: page };
  }

  async searchConversations(ownerId: string, text: string, options: { limit?: number } = {}) {
    const pattern = containsPattern(text);
    const rows = await this.db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.ownerId, ownerId),
          sql`(${conversations.title} LIKE ${pattern} ${likeEscape} OR ${exists(
            this.db
              .select({ one: sql`1` })
              .from(messages)
              .where(
                and(
                  eq(messages.conversationId, conversations.id),
                  sql`${messages.content} LIKE ${pattern} ${likeEscape}`,
                ),
              ),
          )})`,
        ),
      )
      .orderBy(desc(conversations.updatedAt), desc(conversations.id))
      .limit(pageLimit(options.limit, 20));
    return rows.map(toConversation);
  }

  async renameConversation(ownerId: string, id: string, title: string) {
    const [row] = await this.db
      .update(conversations)
      .set({ title: checkedTitle(title) })
      .where(this.owned(ownerId, id))
      .returning();
    return row && toConversation(row);
  }

  async updateConversationSettings(
    ownerId: string,
    id: string,
    settings: ConversationSettingsPatch,
  ) {
    const [row] = await this.db
      .update(conversations)
      .set({ id, ...settings })
      .where(this.owned(ownerId, id))
      .returning();
    return row && toConversation(row);
  }

  async deleteConversation(ownerId: string, id: string) {
    const deleted = await this.db
      .delete(conversations)
      .where(this.owned(ownerId, id))
      .returning({ id: conversations.id });
    return deleted.length > 0;
  }

  async appendMessage(ownerId: string, conversationId: string, message: NewMessage) {
    const at = this.now();
    const id = idFrom(message.id, "message");
    const { content, parts } = messageContent(message);
    const owned = this.owned(ownerId, conversationId);
    const parent =
      message.parentId === undefined ? conversations.currentLeafId : sql`${message.parentId}`;
    // A named parent must be a message of this conversation.
    const parentOk =
      message.parentId == null
        ? sql`1`
        : sql`EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.id} = ${message.parentId} AND ${messages.conversationId} = ${conversations.id})`;
    const title =
      message.role === "user"
        ? sql`CASE WHEN ${conversations.title} = '' THEN ${titleFromMessage(content)} ELSE ${conversations.title} END`
        : undefined;
    let inserted: StoredMessage[];
    try {
      [inserted] = await this.db.batch([
        this.db
          .insert(messages)
          // Every column, in the table's order (schema.ts): dropped_messages starts NULL.
          .select(
            sql`SELECT ${id}, ${conversations.id}, ${conversations.lastSeq} + 1, ${message.role}, ${content}, ${JSON.stringify(parts)}, ${message.status ?? "complete"}, NULL, ${at.getTime()}, ${at.getTime()}, ${parent}, ${message.speaker ?? null} FROM ${conversations} WHERE ${owned} AND ${parentOk}`,
          )
          .returning(),
        this.db
          .update(conversations)
          .set({
            lastSeq: sql`${conversations.lastSeq} + 1`,
            updatedAt: at,
            title,
            currentLeafId: id,
          })
          .where(and(owned, sql`EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.id} = ${id})`)),
      ]);
    } catch (error) {
      throw uniqueIdError(error, id);
    }
    const row = inserted[0];
    if (
      !row &&
      message.parentId != null &&
      (await this.getConversationRow(ownerId, conversationId))
    ) {
      throw new ChatStoreError(
        "invalid-parent",
        `Message ${message.parentId} is not in this conversation.`,
      );
    }
    return row;
  }

  private async getConversationRow(ownerId: string, id: string) {
    const [row] = await this.db.select().from(conversations).where(this.owned(ownerId, id));
    return row;
  }

  async getMessage(ownerId: string, messageId: string) {
    const [row] = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.id, messageId), this.ownedMessage(ownerId)));
    return row;
  }

  async updateMessage(
    ownerId: string,
    messageId: string,
    patch: MessagePatch,
    { ifStatus }: { ifStatus?: MessageStatus } = {},
  ) {
    const [row] = await this.db
      .update(messages)
      .set({ ...patchColumns(patch), updatedAt: this.now() })
      .where(
        and(
          eq(messages.id, messageId),
          this.ownedMessage(ownerId),
          ifStatus === undefined ? undefined : eq(messages.status, ifStatus),
        ),
      )
      .returning();
    return row;
  }

  async stopStreamingReply(ownerId: string, conversationId: string) {
    const stopped = await this.db
      .update(messages)
      .set({ status: "stopped", updatedAt: this.now() })
      .where(
        and(
          eq(messages.conversationId, conversationId),
          eq(messages.status, "streaming"),
          this.ownedMessage(ownerId),
        ),
      )
      .returning({ id: messages.id });
    return stopped.length > 0;
  }

  async setCurrentLeaf(ownerId: string, conversationId: string, messageId: string) {
    const [row] = await this.db
      .update(conversations)
      .set({ currentLeafId: messageId })
      .where(
        and(
          this.owned(ownerId, conversationId),
          sql`EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.id} = ${messageId} AND ${messages.conversationId} = ${conversations.id})`,
        ),
      )
      .returning();
    return row && toConversation(row);
  }

  async deleteBranch(ownerId: string, conversationId: string, messageId: string) {
    const conversation = await this.getConversation(ownerId, conversationId);
    if (!conversation) return undefined;
    const removal = branchRemoval(conversation, messageId);
    if (!removal) return 0;
    await this.db.batch([
      this.db.delete(messages).where(inArray(messages.id, [...removal.ids])),
      this.db
        .update(conversations)
        .set({ currentLeafId: removal.currentLeafId, updatedAt: this.now() })
        .where(this.owned(ownerId, conversationId)),
    ]);
    return removal.ids.size;
  }

  async markInterruptedMessages(options: { updatedBefore?: Date } = {}) {
    const marked = await this.db
      .update(messages)
      .set({ status: "failed", updatedAt: this.now() })
      .where(
        and(
          eq(messages.status, "streaming"),
          options.updatedBefore && lt(messages.updatedAt, options.updatedBefore),
        ),
      )
      .returning({ id: messages.id });
    return marked.length;
  }

  /**
   * One `batch` when the messages fit one INSERT (almost every conversation). A larger one is
   * staged: its conversation row is inserted under an owner nobody is (`stagingOwner`), its
   * messages one INSERT per turn of the event loop, and a last UPDATE hands it to `ownerId` —
   * whole or not at all for every reader, as a transaction would be. A transaction cannot span
   * those turns here: this client's one connection would be held, and a second connection's
   * writes would wait for its lock in SQLite's busy handler, which sleeps on this very thread.
   * A failed import deletes what it staged; one a crash left is deleted at the next open.
   */
  async importConversation(ownerId: string, data: Parameters<ChatStore["importConversation"]>[1]) {
    const rows = importRows(ownerId, data, this.now());
    const inserts = importInserts(rows.messages);
    const first = inserts.next();
    const second = first.done ? first : inserts.next();
    if (first.done || second.done) {
      await this.db.batch([
        this.db.insert(conversations).values(rows.conversation),
        ...(first.done ? [] : [this.db.insert(messages).values(messageValues(first.value))]),
      ]);
    } else {
      await this.importStaged(ownerId, rows.conversation, [first.value, second.value], inserts);
    }
    return withMessages(rows.conversation, rows.messages);
  }

  private async importStaged(
    ownerId: string,
    conversation: ConversationRow,
    formed: MessageInsert[][],
    rest: Iterable<MessageInsert[]>,
  ) {
    const staged = and(
      eq(conversations.id, conversation.id),
      eq(conversations.ownerId, stagingOwner(conversation.id)),
    );
    await this.db
      .insert(conversations)
      .values({ ...conversation, ownerId: stagingOwner(conversation.id) });
    try {
      for (const statements of [formed, rest]) {
        // One by one: each statement's JSON is written as it is taken (importInserts).
        for (const statement of statements) {
          await nextTurn();
          await this.db.insert(messages).values(messageValues(statement));
        }
      }
      await nextTurn();
      await this.db.update(conversations).set({ ownerId }).where(staged);
    } catch (error) {
      // Its messages go with it (ON DELETE CASCADE). Should this fail too, the next open does it.
      await this.db
        .delete(conversations)
        .where(staged)
        .catch(() => {});
      throw error;
    }
  }

  saveFile(ownerId: string, conversationId: string, file: NewFile) {
    return this.files.saveFile(ownerId, conversationId, file);
  }

  getFiles(ownerId: string, ids: readonly string[]) {
    return this.files.getFiles(ownerId, ids);
  }

  listFiles(ownerId: string, conversationId: string) {
    return this.files.listFiles(ownerId, conversationId);
  }

  deleteFile(ownerId: string, id: string) {
    return this.files.deleteFile(ownerId, id);
  }

  fileBytesOf(ownerId: string) {
    return this.files.fileBytesOf(ownerId);
  }

  saveResponse(response: StoredResponse) {
    return this.responses.saveResponse(response);
  }

  getResponse(ownerId: string, id: string) {
    return this.responses.getResponse(ownerId, id);
  }

  getResponseChain(ownerId: string, id: string) {
    return this.responses.getResponseChain(ownerId, id);
  }

  deleteResponse(ownerId: string, id: string) {
    return this.responses.deleteResponse(ownerId, id);
  }

  findResponseItems(ownerId: string, itemIds: readonly string[]) {
    return this.responses.findResponseItems(ownerId, itemIds);
  }

  saveFileChunks(ownerId: string, fileId: string, chunks: readonly NewFileChunk[]) {
    return this.fileChunks.saveFileChunks(ownerId, fileId, chunks);
  }

  countFileChunks(ownerId: string, fileIds: readonly string[]) {
    return this.fileChunks.countFileChunks(ownerId, fileIds);
  }

  fileChunkSetVersion(ownerId: string, conversationId: string) {
    return this.fileChunks.fileChunkSetVersion(ownerId, conversationId);
  }

  fileChunkVectors(ownerId: string, conversationId: string) {
    return this.fileChunks.fileChunkVectors(ownerId, conversationId);
  }

  matchFileChunks(
    ownerId: string,
    conversationId: string,
    words: readonly string[],
    options: { fileIds?: readonly string[]; limit: number },
  ) {
    return this.fileChunks.matchFileChunks(ownerId, conversationId, words, options);
  }

  getFileChunks(ownerId: string, ids: readonly number[]) {
    return this.fileChunks.getFileChunks(ownerId, ids);
  }

  async close() {
    this.client.close();
  }
}
