import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  timestamp as pgTimestamp,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { MessagePart } from "@/lib/chat/message";
import type { Cast } from "@/lib/chat/participants";
import type { ToolPreferences } from "@/lib/chat/tools";
import type { JsonObject, StoredResponseItem } from "@/lib/store/stored-response";

// drizzle-kit reads this file to write migrations/: it must not import `server-only`.

const timestamp = (name: string) =>
  pgTimestamp(name, { withTimezone: true, precision: 3, mode: "date" }).notNull();

export const conversations = pgTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    title: text("title").notNull().default(""),
    systemPrompt: text("system_prompt"),
    model: text("model"),
    /** ToolPreferences (lib/chat/tool-preferences.ts): tools off, tools always allowed. */
    tools: jsonb("tools")
      .$type<ToolPreferences>()
      .notNull()
      .default(sql`'{"off":[],"alwaysAllowed":[]}'::jsonb`),
    /** Cast (lib/chat/participants.ts): who takes part, and who speaks when. */
    cast: jsonb("cast")
      .$type<Cast>()
      .notNull()
      .default(
        sql`'{"participants":[{"name":"assistant","model":null,"systemPrompt":null}],"order":"round-robin"}'::jsonb`,
      ),
    /** The last message of the path the conversation shows (its current branch); null when empty. */
    currentLeafId: text("current_leaf_id"),
    /** The last `seq` handed out; appends take the next one under the row's lock. */
    lastSeq: integer("last_seq").notNull().default(0),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
  },
  (t) => [index("conversations_owner_updated_idx").on(t.ownerId, t.updatedAt, t.id)],
);

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    /** The text parts joined (search, export); `parts` is the message. */
    content: text("content").notNull(),
    /** MessagePart[] (lib/chat/message-parts.ts). */
    parts: jsonb("parts").$type<MessagePart[]>().notNull().default(sql`'[]'::jsonb`),
    status: text("status", { enum: ["complete", "streaming", "stopped", "failed"] }).notNull(),
    /** A reply generated without the conversation's oldest messages (they did not fit the model). */
    droppedMessages: integer("dropped_messages"),
    createdAt: timestamp("created_at"),
    updatedAt: timestamp("updated_at"),
    /**
     * The message this one follows (null for a first message): messages form a tree, edits and
     * regenerated replies being siblings. Last, as `ALTER TABLE … ADD` put it: SQLite's
     * INSERT … SELECT lists the columns in this order.
     */
    parentId: text("parent_id").references((): AnyPgColumn => messages.id, { onDelete: "cascade" }),
    /** The participant who wrote an assistant message; null for the user's (and before casts). */
    speaker: text("speaker"),
  },
  (t) => [
    uniqueIndex("messages_conversation_seq_idx").on(t.conversationId, t.seq),
    index("messages_parent_idx").on(t.parentId),
    index("messages_streaming_idx").on(t.updatedAt).where(sql`${t.status} = 'streaming'`),
    check("messages_role_check", sql`${t.role} in ('user', 'assistant')`),
    check(
      "messages_status_check",
      sql`${t.status} in ('complete', 'streaming', 'stopped', 'failed')`,
    ),
  ],
);

/** Responses of the Responses API (`/v1/responses`) kept for `previous_response_id`. */
export const responses = pgTable(
  "responses",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    /** No foreign key: deleting a response leaves its continuations (their chain then ends). */
    previousResponseId: text("previous_response_id"),
    model: text("model").notNull(),
    status: text("status", { enum: ["completed", "incomplete", "failed"] }).notNull(),
    instructions: text("instructions"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    usage: jsonb("usage").$type<JsonObject>(),
    /** The rest of the response object (tools, tool_choice, error, …). */
    body: jsonb("body").$type<JsonObject>().notNull(),
    createdAt: timestamp("created_at"),
  },
  (t) => [
    index("responses_owner_idx").on(t.ownerId, t.createdAt),
    check("responses_status_check", sql`${t.status} in ('completed', 'incomplete', 'failed')`),
  ],
);

/** A response's input items (what its request added) and output items, in order. */
export const responseItems = pgTable(
  "response_items",
  {
    responseId: text("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    origin: text("origin", { enum: ["input", "output"] }).notNull(),
    /** The item's `id`: `item_reference`s name it. */
    itemId: text("item_id").notNull(),
    item: jsonb("item").$type<StoredResponseItem>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.position] }),
    index("response_items_item_idx").on(t.itemId),
    check("response_items_origin_check", sql`${t.origin} in ('input', 'output')`),
  ],
);

/** PostgreSQL's `bytea`, read and written as a Buffer (postgres.js's own mapping). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * Files attached to a conversation's messages: the original bytes, and the readable text the
 * reader extracted from them (docs/decisions/0011-files-in-the-database.md). A message names its
 * files in `file` parts; a file not yet sent is a row no message names.
 */
export const files = pgTable(
  "files",
  {
    id: text("id").primaryKey(),
    /** The conversation's owner when it was uploaded (moved with it by a transfer). */
    ownerId: text("owner_id").notNull(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Detected from the bytes where possible, not trusted from the browser. */
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    /** Hex SHA-256 of `bytes`. */
    sha256: text("sha256").notNull(),
    pages: integer("pages"),
    /** The readable text (null for images); a PDF's pages are separated by form feeds ("\f"). */
    text: text("text"),
    bytes: bytea("bytes").notNull(),
    createdAt: timestamp("created_at"),
  },
  (t) => [
    index("files_conversation_idx").on(t.conversationId, t.createdAt),
    index("files_owner_idx").on(t.ownerId),
  ],
);

/**
 * A file's passages for retrieval (lib/retrieval): text, page and embedding, searched within one
 * conversation by vector (exact, in the app) and by words (the generated `tsv` column and its GIN
 * index, written by migration 0009: drizzle-kit has no tsvector type).
 */
export const fileChunks = pgTable(
  "file_chunks",
  {
    /** Only grows, so a conversation's chunk set has a cheap version (count, highest id). */
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    fileId: text("file_id")
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").notNull(),
    ownerId: text("owner_id").notNull(),
    ordinal: integer("ordinal").notNull(),
    page: integer("page"),
    text: text("text").notNull(),
    tokens: integer("tokens").notNull(),
    /** Normalised float32 values, little-endian. */
    embedding: bytea("embedding").notNull(),
  },
  (t) => [
    // The id and owner in the indexes: a chunk set's version (count, highest id) and a file's
    // chunk count are read from the index alone, not from 20,000 rows of a long file.
    index("file_chunks_conversation_id_idx").on(t.conversationId, t.ownerId, t.id),
    index("file_chunks_file_owner_idx").on(t.fileId, t.ordinal, t.ownerId),
  ],
);

/**
 * In how many of a file's chunks each term occurs, written with its chunks: the word search
 * leaves out a question's words common in the conversation (lib/store/common-words.ts) by
 * summing these few rows instead of counting thousands of matches in the full-text index.
 * Terms as the `english` text search configuration (`ts_stat` over the file's `tsv`) makes them, so they meet the index's own.
 */
export const fileChunkTerms = pgTable(
  "file_chunk_terms",
  {
    fileId: text("file_id")
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").notNull(),
    term: text("term").notNull(),
    chunks: integer("chunks").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.term, t.fileId] }),
    index("file_chunk_terms_file_idx").on(t.fileId),
  ],
);
