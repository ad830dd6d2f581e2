import { describe, expect, test, vi } from "vitest";
import { partsOfText } from "@/lib/chat/message";
import { appendStreamingReply, tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { createReplySaver } from "./reply-saver";

const chatStore = tempChatStoreForFile();

const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true));

describe("createReplySaver (real SQLite store)", () => {
  test("writes the partial text, then the final text with how the reply ended", async () => {
    const store = chatStore();
    const { id: replyId } = await appendStreamingReply(store, "owner-a");
    const onStopRequested = vi.fn();
    const saver = createReplySaver(store, "owner-a", replyId, { intervalMs: 10, onStopRequested });
    let parts = partsOfText("Once");
    const read = vi.fn(() => parts);
    saver.progress(read);
    parts = partsOfText("Once upon");
    saver.progress(read);
    await vi.waitFor(async () =>
      expect(await store.getMessage("owner-a", replyId)).toMatchObject({
        content: "Once upon",
        status: "streaming",
      }),
    );
    // The parts are read when written, not on every token.
    expect(read).toHaveBeenCalledTimes(1);
    await saver.finish(partsOfText("Once upon a time"), "complete", 4);
    expect(await store.getMessage("owner-a", replyId)).toMatchObject({
      content: "Once upon a time",
      status: "complete",
      droppedMessages: 4,
    });
    expect(onStopRequested).not.toHaveBeenCalled();
  });

  test("a Stop stored by another instance stops this one at its next write", async () => {
    const store = chatStore();
    const { conversationId, id: replyId } = await appendStreamingReply(store, "owner-b");
    let stopRequests = 0;
    const saver = createReplySaver(store, "owner-b", replyId, {
      intervalMs: 10,
      onStopRequested: () => stopRequests++,
    });
    saver.progress(() => partsOfText("Once"));
    await vi.waitFor(async () =>
      expect((await store.getMessage("owner-b", replyId))?.content).toBe("Once"),
    );
    expect(stopRequests).toBe(0);

    expect(await store.stopStreamingReply("owner-b", conversationId)).toBe(true);
    saver.progress(() => partsOfText("Once upon"));
    await until(() => stopRequests === 1);
    await saver.finish(partsOfText("Once upon"), "stopped");
    expect(await store.getMessage("owner-b", replyId)).toMatchObject({
      content: "Once upon",
      status: "stopped",
    });
    expect(stopRequests).toBe(1);
  });
});
