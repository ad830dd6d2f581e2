import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A copy of a dialect's migrations folder that stops after the first `count` migrations: a
 * database migrated with it is as an older release left it, for tests of the later migrations.
 */
export function migrationsUpTo(folder: string, count: number): string {
  const copy = mkdtempSync(join(tmpdir(), "migrations-"));
  cpSync(folder, copy, { recursive: true });
  const journalPath = join(copy, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}

/** A conversation as release 0001 stored it: a user message and a reply, text only. */
export const legacyConversation = {
  ownerId: "legacy-owner",
  conversationId: "legacy-conversation-0001",
  messages: [
    { id: "legacy-m1", seq: 1, role: "user", content: "Tell me a story." },
    { id: "legacy-m2", seq: 2, role: "assistant", content: "Once upon a time." },
    // A reply that had not begun when the old release stopped.
    { id: "legacy-m3", seq: 3, role: "assistant", content: "" },
  ],
} as const;

/**
 * A file's chunks as release 0010 stored them, before their term counts were kept (migration
 * 0011 counts them): 100 chunks, "harbour" in 30 (common: left out of a word search), "zeppelin"
 * in one. Vectors are 4 bytes, any value.
 */
export const uncountedChunks = {
  ownerId: "uncounted-owner",
  conversationId: "uncounted-conversation",
  fileId: "uncounted-file",
  texts: Array.from(
    { length: 100 },
    (_, i) =>
      `Page ${i} of the log.${i < 30 ? " The boats rest in the harbour." : ""}${i === 7 ? " A zeppelin passed over." : ""}`,
  ),
} as const;
