import type { UIMessageChunk } from "ai";
import { expect, test } from "vitest";
import { partsOfText } from "@/lib/chat/message";
import { appendStreamingReply, tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { followReply } from "./follow-reply";

/** Following a reply another instance writes (through the store), on a real SQLite store. */
const store = tempChatStoreForFile();

async function readAll(stream: ReadableStream<UIMessageChunk>): Promise<string> {
  let text = "";
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    if (read.value.type === "text-delta") text += read.value.delta;
  }
  return text;
}

test("a page follows a stored reply as it grows, to its end; the followers are capped", async () => {
  const reply = await appendStreamingReply(store(), "owner", "Once");
  const options = { staleAfterMs: 60_000, maxFollowers: 2 };
  const first = await followReply(store(), "owner", reply.conversationId, options);
  const second = await followReply(store(), "owner", reply.conversationId, options);
  expect(first).toBeInstanceOf(ReadableStream);
  expect(await followReply(store(), "owner", reply.conversationId, options)).toBe("too-many");
  // Another owner sees nothing to follow.
  expect(await followReply(store(), "intruder", reply.conversationId, options)).toBeUndefined();

  const reading = readAll(first as ReadableStream<UIMessageChunk>);
  await (second as ReadableStream<UIMessageChunk>).cancel();
  await store().updateMessage("owner", reply.id, { parts: partsOfText("Once upon") });
  await new Promise((resolve) => setTimeout(resolve, 700));
  await store().updateMessage("owner", reply.id, {
    parts: partsOfText("Once upon a time"),
    status: "complete",
  });
  expect(await reading).toBe("Once upon a time");
  // Both followers have left: there is room again (and nothing to follow now).
  expect(await followReply(store(), "owner", reply.conversationId, options)).toBeUndefined();
});
