import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import {
  type FromImportWorker,
  type ImportWorkerData,
  messagePieces,
  type ToImportWorker,
} from "./import-worker-protocol";
import {
  ImportFileError,
  type ImportItem,
  readCheckedConversations,
} from "./read-conversations-file";

/**
 * The worker thread that reads an uploaded export (import-in-worker.ts starts it): the file read
 * as a stream, checked, and each conversation converted and sent to the main thread, which stores
 * it. Whatever the file holds, the work is here, under this thread's memory limit and the main
 * thread's clock, never on the thread that answers requests. It sends each conversation in pieces
 * of a bounded size, at most `window` pieces ahead of those the main thread took (the last piece
 * of a conversation is taken once it is stored), so memory holds a few conversations, not the
 * file, and no one message takes the main thread long to copy.
 */
const port = parentPort;
if (!port) throw new Error("import-worker.ts runs as a worker thread (import-in-worker.ts).");
const { path, window, maxMessageChars } = workerData as ImportWorkerData;

let credits = window;
let wake: (() => void) | undefined;
port.on("message", (_message: ToImportWorker) => {
  credits++;
  wake?.();
});

/** Posts `message` once the main thread has room for it. */
async function post(message: FromImportWorker): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port?.postMessage(message);
}

/** A conversation in pieces (import-worker-protocol.ts), or why it cannot be sent. */
async function send(item: ImportItem): Promise<void> {
  if (!item.ok) return post({ type: "item", item, pieces: 0 });
  const [first = [], ...rest] = messagePieces(item.conversation.messages);
  let sent = 0;
  try {
    await post({
      type: "item",
      item: { ...item, conversation: { ...item.conversation, messages: first } },
      pieces: rest.length,
    });
    for (const messages of rest) {
      sent++;
      await post({ type: "messages", messages });
    }
  } catch (error) {
    // A value the structured clone cannot copy (nested too deep for its stack): this
    // conversation fails, the others still come in. The failed post took no room.
    credits++;
    const detail = error instanceof Error ? error.message : String(error);
    const reason = `It could not be read (${detail}).`;
    const title = item.conversation.title;
    await post(
      sent === 0
        ? { type: "item", item: { ok: false, title, reason }, pieces: 0 }
        : { type: "item-failed", reason },
    );
  }
}

const open = () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
try {
  for await (const item of readCheckedConversations(open, { maxMessageChars })) await send(item);
  await post({ type: "end" });
} catch (error) {
  if (!(error instanceof ImportFileError)) throw error;
  await post({ type: "file-error", message: error.message });
}
// The port stays open: the main thread ends this worker once it has read everything sent.
