import { env } from "@/lib/env";
import { apiErrorResponse } from "@/lib/http/api-error-response";
import { importUpload } from "@/lib/import/import-upload";
import { currentOwnerId } from "@/lib/session/current-owner";
import { getChatStore } from "@/lib/store";

export const dynamic = "force-dynamic";
// A large export (thousands of conversations) takes a while to store; CHAT_IMPORT_TIME_LIMIT_MS
// bounds it below this.
export const maxDuration = 600;

/**
 * Imports an export file — ours, or ChatGPT's, Claude's or Open WebUI's — sent as the request
 * body, for this browser (lib/import/import-upload.ts says every answer).
 */
export async function POST(request: Request): Promise<Response> {
  const ownerId = await currentOwnerId();
  if (!ownerId) return apiErrorResponse(401, "invalid-request", "No session: reload the page.");
  const settings = env();
  return importUpload(request, ownerId, {
    store: await getChatStore(),
    maxBytes: settings.CHAT_MAX_IMPORT_BYTES,
    timeLimitMs: settings.CHAT_IMPORT_TIME_LIMIT_MS,
    memoryMb: settings.CHAT_IMPORT_MEMORY_MB,
  });
}
