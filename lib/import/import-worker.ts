import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import type { FromImportWorker, ImportWorkerData, ToImportWorker } from "./import-worker-protocol";
import {
  ImportFileError,
  type ImportItem,
  readCheckedConversations,
} from "./read-conversations-file";

/**
 * The worker thread that reads an uploaded export (import-in-worker.ts starts it): the file read
 * as a stream, checked, and each conversation converted and sent to the main thread, which stores
 * it. Whatever the file holds, the work is here, under this thread's memory limit and the main
 * thread's clock, never on the thread that answers requests. It sends at most `window`
 * conversations ahead of those stored, so memory holds a few conversations, not the file.
 */
const port = parentPort;
if (!port) throw new Error("import-worker.ts runs as a worker thread (import-in-worker.ts).");
const { path, window } = workerData as ImportWorkerData;

let credits = window;
let wake: (() => void) | undefined;
port.on("message", (_message: ToImportWorker) => {
  credits++;
  wake?.();
});

function post(message: FromImportWorker): void {
  port?.postMessage(message);
}

async function send(item: ImportItem): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  try {
    post({ type: "item", item });
  } catch (error) {
    // A value the structured clone cannot copy (nested too deep for its stack): this
    // conversation fails, the others still come in.
    const detail = error instanceof Error ? error.message : String(error);
    const title = item.ok ? item.conversation.title : item.title;
    post({ type: "item", item: { ok: false, title, reason: `It could not be read (${detail}).` } });
  }
}

const open = () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
try {
  for await (const item of readCheckedConversations(open)) await send(item);
  post({ type: "end" });
} catch (error) {
  if (!(error instanceof ImportFileError)) throw error;
  post({ type: "file-error", message: error.message });
}
// The port stays open: the main thread ends this worker once it has read everything sent.
