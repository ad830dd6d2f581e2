import type { ChatStore, StoredMessage } from "@/lib/store";

/** The chunks of a UI message stream response (`data: {…}` lines), in order. */
export async function uiChunksOf(
  response: Response,
): Promise<Array<{ type: string } & Record<string, unknown>>> {
  return (await response.text())
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice("data: ".length)));
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
