import type { ChatStore, StoredMessage } from "@/lib/store";

type Chunk = { type: string } & Record<string, unknown>;

/** The chunks of a UI message stream, or of its response (`data: {…}` lines), in order. */
export async function uiChunksOf(source: Response | ReadableStream<object>): Promise<Chunk[]> {
  if (source instanceof Response) {
    return (await source.text())
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice("data: ".length)));
  }
  const chunks: Chunk[] = [];
  const reader = source.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value as Chunk);
  }
  return chunks;
}

/** The stored reply once it is no longer `streaming` (the saver writes its end after the stream). */
export async function settledReply(
  store: ChatStore,
  ownerId: string,
  replyId: string,
): Promise<StoredMessage | undefined> {
  for (;;) {
    const reply = await store.getMessage(ownerId, replyId);
    if (reply?.status !== "streaming") return reply;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
