import type { UIMessageChunk } from "ai";
import { expect, test } from "vitest";
import { followLiveReply, isReplyLive, startLiveReply, stopLiveReply } from "./live-replies";

async function readAll(stream: ReadableStream<UIMessageChunk>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read())
    chunks.push(read.value);
  return chunks;
}

function controllable() {
  let controller!: ReadableStreamDefaultController<UIMessageChunk>;
  const stream = new ReadableStream<UIMessageChunk>({
    start: (c) => {
      controller = c;
    },
  });
  return { stream, controller };
}

const delta = (text: string): UIMessageChunk => ({ type: "text-delta", id: "t", delta: text });

test("a follower joining mid-reply gets what was sent, then the rest live", async () => {
  const reply = startLiveReply("owner", "c1");
  const source = controllable();
  const response = readAll(reply.record(source.stream));
  source.controller.enqueue(delta("Hel"));
  await new Promise((r) => setTimeout(r, 0));

  const follower = followLiveReply("owner", "c1");
  expect(follower).toBeDefined();
  const followed = readAll(follower as ReadableStream<UIMessageChunk>);
  source.controller.enqueue(delta("lo"));
  source.controller.close();

  expect(await response).toEqual([delta("Hel"), delta("lo")]);
  expect(await followed).toEqual([delta("Hel"), delta("lo")]);
  expect(isReplyLive("owner", "c1")).toBe(false);
  expect(followLiveReply("owner", "c1")).toBeUndefined();
});

test("another owner can neither follow nor stop the reply", () => {
  const reply = startLiveReply("owner", "c2");
  expect(followLiveReply("intruder", "c2")).toBeUndefined();
  expect(stopLiveReply("intruder", "c2")).toBe(false);
  expect(reply.signal.aborted).toBe(false);
  expect(stopLiveReply("owner", "c2")).toBe(true);
  expect(reply.signal.aborted).toBe(true);
});

test("a newer reply in the same conversation aborts the older", () => {
  const first = startLiveReply("owner", "c3");
  const second = startLiveReply("owner", "c3");
  expect(first.signal.aborted).toBe(true);
  expect(second.signal.aborted).toBe(false);
});
