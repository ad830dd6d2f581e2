import { apiErrorResponse } from "@/lib/http/api-error-response";
import { formatBytes } from "@/lib/http/read-json-body";
import { spoolBody } from "@/lib/http/spool-body";
import type { ChatStore } from "@/lib/store";
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

/**
 * The import route's work for one owner: an export file — ours, or ChatGPT's, Claude's or Open
 * WebUI's — sent as the request body is spooled to disk and imported (import-in-worker.ts). Answers
 * with what was imported and what was left out (ImportReport), or one sentence: 409 while the
 * owner's previous import still runs, 413 for a file over the limit, 400 for a file that is not
 * an export (nothing imported), 422 when the import outgrew its time or memory (what was stored
 * before stays, and the sentence says how much).
 */
export async function importUpload(
  request: Request,
  ownerId: string,
  { store, maxBytes, worker, ...limits }: ImportUploadOptions,
): Promise<Response> {
  const release = startImport(ownerId);
  if (!release) {
    await request.body?.cancel().catch(() => {});
    return apiErrorResponse(
      409,
      "import-running",
      "An import of yours is still running: wait for it to finish, then import this file.",
    );
  }
  try {
    const spooled = await spoolBody(request, maxBytes);
    if (!spooled.ok) {
      return apiErrorResponse(
        413,
        "invalid-request",
        `This file is too large to import: at most ${formatBytes(maxBytes)} (CHAT_MAX_IMPORT_BYTES).`,
      );
    }
    try {
      const report = await importInWorker(store, ownerId, spooled.body.path, limits, worker);
      return Response.json(report);
    } catch (error) {
      if (error instanceof ImportFileError) {
        return apiErrorResponse(400, "invalid-request", error.message);
      }
      if (error instanceof ImportStoppedError) {
        const status = error.reason === "failed" ? 500 : 422;
        return apiErrorResponse(status, `import-stopped-${error.reason}`, error.message);
      }
      throw error;
    } finally {
      await spooled.body.remove();
    }
  } finally {
    release();
  }
}
