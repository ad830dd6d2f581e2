import { ChatStoreError } from "../chat-store-error";
import "server-only";
import { and, desc, eq, exists, getTableColumns, inArray, lt, type SQL, sql } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { AccountsStore } from "../accounts-store";
import type {
  ChatStore,
  ConversationPage,
  ConversationSettingsPatch,
  MessagePatch,
  MessageStatus,
  NewMessage,
} from "../chat-store";
import { checkedTitle, titleFromMessage } from "../conversation-title";
import { containsPattern } from "../like-pattern";
import { decodeListCursor, encodeListCursor, pageLimit } from "../list-cursor";
import { idFrom } from "../new-id";
import {
  branchRemoval,
  importInserts,
  importRows,
  messageContent,
  patchColumns,
  toConversation,
  uniqueIdError,
  withMessages,
} from "../store-rows";
import type { NewFile } from "../stored-file";
import type { NewFileChunk } from "../stored-file-chunk";
import type { StoredResponse } from "../stored-response";
import { postgresAccounts } from "./postgres-accounts";
import { postgresFileChunks } from "./postgres-file-chunks";
import { postgresFiles } from "./postgres-files";
import { defaultPostgresMigrationsFolder, migratePostgres } from "./postgres-migrate";
import { postgresResponses } from "./postgres-responses";
import { conversations, messages } from "./schema";

/** The pool or a transaction: both query alike. */
type Queryable = Pick<PostgresJsDatabase, "select">;

export interface PostgresChatStoreOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  migrationsFolder?: string;
  /** Connections this process keeps open; default 10. */
  maxConnections?: number;
  now?: () => Date;
}

/** Opens a pool to a PostgreSQL database and brings its schema up to date. */
export async function openPostgresChatStore(options: PostgresChatStoreOptions): Promise<ChatStore> {
  await migratePostgres(options.url, options.migrationsFolder ?? defaultPostgresMigrationsFolder());
  const client = postgres(options.url, { max: options.maxConnections ?? 10, onnotice: () => {} });
  return new PostgresChatStore(client, options.now ?? (() => new Date()));
}

const likeEscape = sql.raw(`ESCAPE '\\'`);

class PostgresChatStore implements ChatStore {
  readonly dialect = "postgres";
  private readonly responses: ReturnType<typeof postgresResponses>;
  private readonly files: ReturnType<typeof postgresFiles>;
  private readonly fileChunks: ReturnType<typeof postgresFileChunks>;
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
  private readonly db: PostgresJsDatabase;

  constructor(
    private readonly client: postgres.Sql,
    private readonly now: () => Date,
  ) {
    this.db = drizzle(client);
    this.responses = postgresResponses(this.db);
    this.files = postgresFiles(this.db, now);
    this.fileChunks = postgresFileChunks(this.db);
    const accounts = postgresAccounts(client, this.db, now);
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
    return this.getConversationIn(this.db, ownerId, id);
  }

  async getConversationInfo(ownerId: string, id: string) {
    const [row] = await this.db.select().from(conversations).where(this.owned(ownerId, id));
    return row && toConversation(row);
  }

  private async getConversationIn(db: Queryable, ownerId: string, id: string) {
    const [conversation] = await db.select().from(conversations).where(this.owned(ownerId, id));
    if (!conversation) return undefined;
    const rows = await db
      .select(getTableColumns(messages))
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(messages.conversationId, id), eq(conversations.ownerId, ownerId)))
      .orderBy(messages.seq);
    return withMessages(conversation, rows);
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
          sql`(${conversations.title} ILIKE ${pattern} ${likeEscape} OR ${exists(
            this.db
              .select({ one: sql`1` })
              .from(messages)
              .where(
                and(
                  eq(messages.conversationId, conversations.id),
                  sql`${messages.content} ILIKE ${pattern} ${likeEscape}`,
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

  /** `FOR UPDATE` locks the conversation's row, so appends to one conversation queue up there. */
  async appendMessage(ownerId: string, conversationId: string, message: NewMessage) {
    const at = this.now();
    const id = idFrom(message.id, "message");
    const { content, parts } = messageContent(message);
    const title =
      message.role === "user"
        ? sql`CASE WHEN ${conversations.title} = '' THEN ${titleFromMessage(content)} ELSE ${conversations.title} END`
        : undefined;
    try {
      return await this.db.transaction(async (tx) => {
        const [locked] = await tx
          .select({ leaf: conversations.currentLeafId })
          .from(conversations)
          .where(this.owned(ownerId, conversationId))
          .for("update");
        if (!locked) return undefined;
        const parentId = message.parentId === undefined ? locked.leaf : message.parentId;
        if (message.parentId != null) {
          const [parent] = await tx
            .select({ id: messages.id })
            .from(messages)
            .where(
              and(eq(messages.id, message.parentId), eq(messages.conversationId, conversationId)),
            );
          if (!parent) {
            throw new ChatStoreError(
              "invalid-parent",
              `Message ${message.parentId} is not in this conversation.`,
            );
          }
        }
        const [conversation] = await tx
          .update(conversations)
          .set({
            lastSeq: sql`${conversations.lastSeq} + 1`,
            updatedAt: at,
            title,
            currentLeafId: id,
          })
          .where(eq(conversations.id, conversationId))
          .returning({ seq: conversations.lastSeq });
        const [row] = await tx
          .insert(messages)
          .values({
            id,
            conversationId,
            parentId,
            speaker: message.speaker ?? null,
            seq: conversation?.seq ?? 0,
            role: message.role,
            content,
            parts,
            status: message.status ?? "complete",
            createdAt: at,
            updatedAt: at,
          })
          .returning();
        return row;
      });
    } catch (error) {
      throw uniqueIdError(error, id);
    }
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
          exists(
            this.db
              .select({ one: sql`1` })
              .from(messages)
              .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId))),
          ),
        ),
      )
      .returning();
    return row && toConversation(row);
  }

  async deleteBranch(ownerId: string, conversationId: string, messageId: string) {
    return this.db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(this.owned(ownerId, conversationId))
        .for("update");
      if (!locked) return undefined;
      const conversation = await this.getConversationIn(tx, ownerId, conversationId);
      const removal = conversation && branchRemoval(conversation, messageId);
      if (!removal) return 0;
      await tx.delete(messages).where(inArray(messages.id, [...removal.ids]));
      await tx
        .update(conversations)
        .set({ currentLeafId: removal.currentLeafId, updatedAt: this.now() })
        .where(eq(conversations.id, conversationId));
      return removal.ids.size;
    });
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

  async importConversation(ownerId: string, data: Parameters<ChatStore["importConversation"]>[1]) {
    const rows = importRows(ownerId, data, this.now());
    await this.db.transaction(async (tx) => {
      await tx.insert(conversations).values(rows.conversation);
      for (const statement of importInserts(rows.messages)) {
        await tx.insert(messages).values(
          statement.map(({ message, partsJson }) => ({
            ...message,
            parts: sql`${partsJson}::jsonb`,
          })),
        );
      }
    });
    return withMessages(rows.conversation, rows.messages);
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
    await this.client.end();
  }
}
