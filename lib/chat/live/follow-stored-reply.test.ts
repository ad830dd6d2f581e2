import type { UIMessageChunk } from "ai";
import { describe, expect, test } from "vitest";
import { partsOfText } from "@/lib/chat/message";
import type { MessagePatch } from "@/lib/store";
import { appendStreamingReply, tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { followStoredReply, isFollowable } from "./follow-stored-reply";

const chatStore = tempChatStoreForFile();

/** Reads the stream to its end. */
async function follow(stream: ReadableStream<UIMessageChunk>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
  }
  return chunks;
}

const textOf = (chunks: UIMessageChunk[]) =>
  chunks.map((chunk) => (chunk.type === "text-delta" ? chunk.delta : "")).join("");

describe("followStoredReply (real SQLite store)", () => {
  /** Follows a stored reply while it is written by `writes`, one every 30 ms; its chunks. */
  async function followWhileWritten(initial: string, writes: MessagePatch[]) {
    const store = chatStore();
    const ownerId = `owner-${Math.random()}`;
    const reply = await appendStreamingReply(store, ownerId, initial);
    const following = follow(
      followStoredReply(store, ownerId, reply, { intervalMs: 10, staleAfterMs: 5_000 }),
    );
    for (const write of writes) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await store.updateMessage(ownerId, reply.id, write);
    }
    return { reply, chunks: await following };
  }

  test("sends the stored text as it grows, then finishes when the reply is complete", async () => {
    const { reply, chunks } = await followWhileWritten("Once", [
      { parts: partsOfText("Once upon") },
      { parts: partsOfText("Once upon a time."), status: "complete" },
    ]);
    expect(chunks[0]).toEqual({ type: "start", messageId: reply.id });
    expect(textOf(chunks)).toBe("Once upon a time.");
    expect(chunks.filter((chunk) => chunk.type === "text-delta").length).toBeGreaterThan(1);
    expect(chunks.at(-1)).toEqual({ type: "finish", messageMetadata: undefined });
  });

  test("a write that split a character (stored as U+FFFD) does not stall the follower", async () => {
    const { chunks } = await followWhileWritten("Once \uFFFD", [
      { parts: partsOfText("Once 😀 upon") },
      { parts: partsOfText("Once 😀 upon a time") },
      { status: "complete" },
    ]);
    expect(textOf(chunks)).toBe("Once 😀 upon a time");
    expect(chunks.filter((chunk) => chunk.type === "text-delta").length).toBeGreaterThan(1);
  });

  test("a long run of U+FFFD inside the text is read in linear time", async () => {
    const store = chatStore();
    // 500,000 U+FFFD then a letter: `/\uFFFD+$/` tried from each one took hours per poll.
    const text = `${"\uFFFD".repeat(500_000)}x`;
    const reply = await appendStreamingReply(store, "owner-e", text);
    const following = follow(
      followStoredReply(store, "owner-e", reply, { intervalMs: 10, staleAfterMs: 5_000 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    await store.updateMessage("owner-e", reply.id, {
      parts: partsOfText(`${text}\uFFFD`),
      status: "complete",
    });
    expect(textOf(await following)).toBe(`${text}\uFFFD`);
  });

  test("a stopped reply ends the stream with how it ended", async () => {
    const store = chatStore();
    const reply = await appendStreamingReply(store, "owner-b", "Once");
    const following = follow(
      followStoredReply(store, "owner-b", reply, { intervalMs: 10, staleAfterMs: 5_000 }),
    );
    await store.stopStreamingReply("owner-b", reply.conversationId);
    const chunks = await following;
    expect(textOf(chunks)).toBe("Once");
    expect(chunks.at(-1)).toEqual({ type: "finish", messageMetadata: { ended: "stopped" } });
  });

  test("only a recent streaming reply is followable, and one left unwritten stops being followed", async () => {
    const store = chatStore();
    const reply = await appendStreamingReply(store, "owner-c", "Once");
    expect(isFollowable(reply, 5_000)).toBe(true);
    expect(isFollowable(reply, 5_000, reply.updatedAt.getTime() + 5_000)).toBe(false);
    expect(isFollowable({ ...reply, status: "complete" }, 5_000)).toBe(false);
    expect(isFollowable(undefined, 5_000)).toBe(false);

    const chunks = await follow(
      followStoredReply(store, "owner-c", reply, { intervalMs: 10, staleAfterMs: 50 }),
    );
    expect(textOf(chunks)).toBe("Once");
    expect(chunks.at(-1)?.type).toBe("finish");
  });
});
