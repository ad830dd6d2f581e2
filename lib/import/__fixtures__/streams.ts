import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { ConversationImport } from "@/lib/store/conversation-import";
import { type ImportItem, readConversationsFile } from "../read-conversations-file";

/** A fixture of this folder, as bytes. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./${name}`, import.meta.url)));
}

/**
 * A stream of bytes in small chunks, one per pull, as a file read from disk or the network
 * arrives: values, strings and multi-byte characters are cut across chunks.
 */
export function streamOf(content: string | Uint8Array, chunkSize = 61): ReadableStream<Uint8Array> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

export async function readItems(content: string | Uint8Array): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of readConversationsFile(streamOf(content))) items.push(item);
  return items;
}

/** The converted conversations of a file, which must all have converted. */
export async function readConversations(content: string | Uint8Array) {
  const items = await readItems(content);
  return items.map((item) => {
    if (!item.ok) throw new Error(`${item.title}: ${item.reason}`);
    return item;
  });
}

/** The rejection of reading a file, for its message. */
export async function readFailure(content: string | Uint8Array): Promise<unknown> {
  try {
    await readItems(content);
  } catch (error) {
    return error;
  }
  throw new Error("The file was read without an error.");
}

/** What the store relies on in every import, whatever the file it came from. */
export function expectValidConversation(conversation: ConversationImport): void {
  const keys = new Set<string>();
  for (const message of conversation.messages) {
    expect(keys.has(message.key), `key ${message.key} is unique`).toBe(false);
    if (message.parent !== null) {
      expect(keys.has(message.parent), `parent of ${message.key} comes before it`).toBe(true);
    }
    expect(["user", "assistant"]).toContain(message.role);
    expect(["complete", "stopped", "failed"]).toContain(message.status);
    if (message.createdAt !== undefined) expect(message.createdAt).toBeInstanceOf(Date);
    keys.add(message.key);
  }
  if (conversation.current !== null) expect(keys.has(conversation.current)).toBe(true);
  expect(Array.from(conversation.title).length).toBeLessThanOrEqual(200);
  if (conversation.createdAt !== undefined) expect(conversation.createdAt).toBeInstanceOf(Date);
  if (conversation.updatedAt !== undefined) expect(conversation.updatedAt).toBeInstanceOf(Date);
}

/** A conversation's tree in short: `key <- parent` per message. */
export function treeOf(conversation: ConversationImport): string[] {
  return conversation.messages.map((m) => `${m.key} <- ${m.parent ?? "(root)"}`);
}
