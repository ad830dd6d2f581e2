import "server-only";
import { and, asc, count, desc, eq, gt, gte, isNull, lte, sql } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import {
  type AccessPolicy,
  accessPolicySchema,
  defaultAccessPolicy,
} from "@/lib/accounts/access-policy";
import type { AccountsStore } from "../accounts-store";
import { newId } from "../new-id";
import * as accountsRelations from "./accounts-relations";
import * as accountsSchema from "./accounts-schema";
import { accessPolicy, apikey, invites, usageDaily, user } from "./accounts-schema";
import { conversations, fileChunks, files, responses } from "./schema";

const POLICY_ID = "default";

/** The accounts side of the store on PostgreSQL (accounts-store.ts). */
export function postgresAccounts(
  client: postgres.Sql,
  db: PostgresJsDatabase,
  now: () => Date,
): AccountsStore {
  // The same connection, with the relations Better Auth's joins read (a session and its person in
  // one query).
  let authDb: object | undefined;
  return {
    authDatabase: () => {
      authDb ??= drizzle(client, { schema: { ...accountsSchema, ...accountsRelations } });
      return { provider: "pg", db: authDb, schema: { ...accountsSchema } };
    },

    async getAccessPolicy() {
      const [row] = await db.select().from(accessPolicy).where(eq(accessPolicy.id, POLICY_ID));
      // Parsed: a policy saved before a field existed gets its default.
      return row ? accessPolicySchema.parse(row.policy) : defaultAccessPolicy;
    },

    async saveAccessPolicy(policy: AccessPolicy) {
      await db
        .insert(accessPolicy)
        .values({ id: POLICY_ID, policy, updatedAt: now() })
        .onConflictDoUpdate({ target: accessPolicy.id, set: { policy, updatedAt: now() } });
    },

    async countPeople() {
      const [row] = await db.select({ n: count() }).from(user);
      return row?.n ?? 0;
    },

    async findPersonKey(keyHash) {
      const [row] = await db
        .select({
          keyId: apikey.id,
          personId: user.id,
          role: user.role,
          banned: user.banned,
          enabled: apikey.enabled,
          expiresAt: apikey.expiresAt,
          lastUsedAt: apikey.lastRequest,
          policy: accessPolicy.policy,
        })
        .from(apikey)
        .innerJoin(user, eq(user.id, apikey.referenceId))
        .leftJoin(accessPolicy, eq(accessPolicy.id, POLICY_ID))
        .where(eq(apikey.key, keyHash))
        .limit(1);
      return row
        ? {
            ...row,
            banned: row.banned === true,
            enabled: row.enabled !== false,
            policy: row.policy ? accessPolicySchema.parse(row.policy) : null,
          }
        : undefined;
    },

    async touchPersonKey(keyId, at) {
      await db.update(apikey).set({ lastRequest: at }).where(eq(apikey.id, keyId));
    },

    async createInvite(invite) {
      const [row] = await db
        .insert(invites)
        .values({ id: newId(), ...invite, createdAt: now() })
        .returning();
      if (!row) throw new Error("The invite was not stored.");
      return row;
    },

    listOpenInvites: () =>
      db.select().from(invites).where(isNull(invites.usedAt)).orderBy(desc(invites.createdAt)),

    async takeInvite(tokenHash, usedBy, at) {
      const [row] = await db
        .update(invites)
        .set({ usedAt: at, usedBy })
        .where(
          and(eq(invites.tokenHash, tokenHash), isNull(invites.usedAt), gt(invites.expiresAt, at)),
        )
        .returning();
      return row;
    },

    async deleteInvite(id) {
      const removed = await db.delete(invites).where(eq(invites.id, id)).returning();
      return removed.length > 0;
    },

    async recordUsage(entry) {
      await db
        .insert(usageDaily)
        .values(entry)
        .onConflictDoUpdate({
          target: [usageDaily.ownerId, usageDaily.day, usageDaily.model],
          set: {
            messages: sql`${usageDaily.messages} + ${entry.messages}`,
            inputTokens: sql`${usageDaily.inputTokens} + ${entry.inputTokens}`,
            outputTokens: sql`${usageDaily.outputTokens} + ${entry.outputTokens}`,
          },
        });
    },

    usageReport: ({ fromDay, toDay, ownerId }) =>
      db
        .select()
        .from(usageDaily)
        .where(
          and(
            gte(usageDaily.day, fromDay),
            lte(usageDaily.day, toDay),
            ownerId === undefined ? undefined : eq(usageDaily.ownerId, ownerId),
          ),
        )
        .orderBy(asc(usageDaily.day), asc(usageDaily.ownerId), asc(usageDaily.model)),

    async transferConversations(fromOwner, toOwner) {
      // Their files and the files' chunks go with them (a file's owner is its conversation's).
      return db.transaction(async (tx) => {
        const moved = await tx
          .update(conversations)
          .set({ ownerId: toOwner })
          .where(eq(conversations.ownerId, fromOwner))
          .returning({ id: conversations.id });
        await tx.update(files).set({ ownerId: toOwner }).where(eq(files.ownerId, fromOwner));
        await tx
          .update(fileChunks)
          .set({ ownerId: toOwner })
          .where(eq(fileChunks.ownerId, fromOwner));
        return moved.length;
      });
    },

    async countConversations(ownerId) {
      const [row] = await db
        .select({ n: count() })
        .from(conversations)
        .where(eq(conversations.ownerId, ownerId));
      return row?.n ?? 0;
    },

    async deleteOwnerData(ownerId) {
      // Messages and response items go with their rows (ON DELETE CASCADE).
      await db.transaction(async (tx) => {
        await tx.delete(conversations).where(eq(conversations.ownerId, ownerId));
        await tx.delete(responses).where(eq(responses.ownerId, ownerId));
        await tx.delete(usageDaily).where(eq(usageDaily.ownerId, ownerId));
      });
    },
  };
}
