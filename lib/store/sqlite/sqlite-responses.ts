import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import type { ChatStore } from "../chat-store";
import { ChatStoreError } from "../chat-store-error";
import { chainOrder, isResponseIdTaken, responseRows, withItems } from "../response-rows";
import { chunks } from "../store-rows";
import type { StoredResponseItem } from "../stored-response";
import { responseItems, responses } from "./schema";

type ResponseMethods = Pick<
  ChatStore,
  "saveResponse" | "getResponse" | "getResponseChain" | "deleteResponse" | "findResponseItems"
>;

/** The stored responses of `/v1/responses` on SQLite; every query carries the owner. */
export function sqliteResponses(db: LibSQLDatabase): ResponseMethods {
  const itemsOf = (ownerId: string, ids: string[]) =>
    db
      .select({
        responseId: responseItems.responseId,
        position: responseItems.position,
        origin: responseItems.origin,
        itemId: responseItems.itemId,
        item: responseItems.item,
      })
      .from(responseItems)
      .innerJoin(responses, eq(responses.id, responseItems.responseId))
      .where(and(inArray(responseItems.responseId, ids), eq(responses.ownerId, ownerId)));

  return {
    async saveResponse(response) {
      const { row, items } = responseRows(response);
      try {
        await db.batch([
          db.insert(responses).values(row),
          ...chunks(items).map((chunk) => db.insert(responseItems).values(chunk)),
        ]);
      } catch (error) {
        if (!isResponseIdTaken(error)) throw error;
        throw new ChatStoreError("id-taken", `The response id ${response.id} is taken.`, {
          cause: error,
        });
      }
    },

    async getResponse(ownerId, id) {
      const [rows, items] = await db.batch([
        db
          .select()
          .from(responses)
          .where(and(eq(responses.id, id), eq(responses.ownerId, ownerId))),
        itemsOf(ownerId, [id]),
      ]);
      return withItems(rows, items)[0];
    },

    async getResponseChain(ownerId, id) {
      const chain = await db.all<{ id: string; depth: number }>(sql`
        WITH RECURSIVE chain(id, previous_response_id, depth) AS (
          SELECT id, previous_response_id, 0 FROM responses WHERE id = ${id} AND owner_id = ${ownerId}
          UNION ALL
          SELECT r.id, r.previous_response_id, chain.depth + 1
          FROM responses r JOIN chain ON r.id = chain.previous_response_id
          WHERE r.owner_id = ${ownerId}
        )
        SELECT id, depth FROM chain`);
      if (chain.length === 0) return undefined;
      const ids = chain.map((link) => link.id);
      const [rows, items] = await db.batch([
        db
          .select()
          .from(responses)
          .where(and(inArray(responses.id, ids), eq(responses.ownerId, ownerId))),
        itemsOf(ownerId, ids),
      ]);
      return chainOrder(chain, withItems(rows, items));
    },

    async deleteResponse(ownerId, id) {
      const deleted = await db
        .delete(responses)
        .where(and(eq(responses.id, id), eq(responses.ownerId, ownerId)))
        .returning({ id: responses.id });
      return deleted.length > 0;
    },

    async findResponseItems(ownerId, itemIds) {
      const found = new Map<string, StoredResponseItem>();
      if (itemIds.length === 0) return found;
      const rows = await db
        .select({ itemId: responseItems.itemId, item: responseItems.item })
        .from(responseItems)
        .innerJoin(responses, eq(responses.id, responseItems.responseId))
        .where(and(inArray(responseItems.itemId, [...itemIds]), eq(responses.ownerId, ownerId)))
        .orderBy(asc(responses.createdAt), asc(responseItems.position));
      // The same item may be kept twice (a client sends an output back as input): the latest wins.
      for (const row of rows) found.set(row.itemId, row.item);
      return found;
    },
  };
}
