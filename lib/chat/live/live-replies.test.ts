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

test("a reply nobody reads any more is stopped after the grace time; a follower in time keeps it", async () => {
  const limits = { abandonAfterMs: 50, maxFollowers: 8 };
  const left = startLiveReply("owner", "c4", { limits });
  const source = controllable();
  // The page reads a little, then goes away.
  await left.record(source.stream).cancel();
  await new Promise((r) => setTimeout(r, 120));
  expect(left.signal.aborted).toBe(true);

  const reloaded = startLiveReply("owner", "c5", { limits });
  const again = controllable();
  await reloaded.record(again.stream).cancel();
  // A reload follows within the grace time: the reply goes on.
  const follower = followLiveReply("owner", "c5") as ReadableStream<UIMessageChunk>;
  const reading = readAll(follower);
  await new Promise((r) => setTimeout(r, 120));
  expect(reloaded.signal.aborted).toBe(false);
  again.controller.enqueue(delta("still here"));
  again.controller.close();
  expect(await reading).toEqual([delta("still here")]);
});

test("a reply's followers are capped", () => {
  startLiveReply("owner", "c6", { limits: { abandonAfterMs: 1000, maxFollowers: 2 } });
  expect(followLiveReply("owner", "c6")).toBeInstanceOf(ReadableStream);
  expect(followLiveReply("owner", "c6")).toBeInstanceOf(ReadableStream);
  expect(followLiveReply("owner", "c6")).toBe("too-many");
  stopLiveReply("owner", "c6");
});
