import { parentPort, workerData } from "node:worker_threads";
import type { FileWorkerData, FromFileWorker } from "./file-worker-protocol";
import { readFileText } from "./read-file-text";

/**
 * The worker thread that reads one uploaded file (read-in-worker.ts starts it): whatever the file
 * holds, the parsing is here, under this thread's heap limit and the main thread's clock, never on
 * the thread that answers requests.
 */
const port = parentPort;
if (!port) throw new Error("file-worker.ts runs as a worker thread (read-in-worker.ts).");
const { bytes, kind, options } = workerData as FileWorkerData;
const outcome = await readFileText(bytes, kind, options);
port.postMessage(outcome satisfies FromFileWorker);
