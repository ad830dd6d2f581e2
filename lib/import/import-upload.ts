import { spoolBody } from "@/lib/http/spool-body";
import type { ChatStore } from "@/lib/store";
import type { ImportReport } from "./import-conversations";
import { ImportFileError } from "./import-file-error";
import { type ImportLimits, type ImportWorkerOptions, importInWorker } from "./import-in-worker";
import { startImport } from "./import-locks";
import { ImportStoppedError } from "./import-stopped-error";

export interface ImportUploadOptions extends ImportLimits {
  store: ChatStore;
  /** Largest file accepted (CHAT_MAX_IMPORT_BYTES). */
  maxBytes: number;
  worker?: ImportWorkerOptions;
}

/** Why an upload imported nothing more; the page API says each in its own words and status. */
export type ImportRefusal =
  /** The owner's previous import still runs. */
  | { reason: "import-running" }
  | { reason: "import-too-large"; maxBytes: number }
  /** Not an export at all: nothing was imported. */
  | { reason: "not-an-export"; detail: string }
  /** Past its time or memory: what was stored before stays, and `detail` says how much. */
  | { reason: "import-stopped"; detail: string };

export type ImportOutcome =
  | { ok: true; report: ImportReport }
  | { ok: false; refusal: ImportRefusal };

/**
 * An upload for one owner: an export file — ours, or ChatGPT's, Claude's or Open WebUI's — sent as
 * the request body is spooled to disk and imported (import-in-worker.ts). The report of what was
 * imported and left out, or why not. A worker that fails outright throws (a server failure).
 */
export async function importUpload(
  request: Request,
  ownerId: string,
  { store, maxBytes, worker, ...limits }: ImportUploadOptions,
): Promise<ImportOutcome> {
  const release = startImport(ownerId);
  if (!release) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, refusal: { reason: "import-running" } };
  }
  try {
    const spooled = await spoolBody(request, maxBytes);
    if (!spooled.ok) return { ok: false, refusal: { reason: "import-too-large", maxBytes } };
    try {
      const report = await importInWorker(store, ownerId, spooled.body.path, limits, worker);
      return { ok: true, report };
    } catch (error) {
      if (error instanceof ImportFileError) {
        return { ok: false, refusal: { reason: "not-an-export", detail: error.message } };
      }
      if (error instanceof ImportStoppedError && error.reason !== "failed") {
        return { ok: false, refusal: { reason: "import-stopped", detail: error.message } };
      }
      throw error;
    } finally {
      await spooled.body.remove();
    }
  } finally {
    release();
  }
}
