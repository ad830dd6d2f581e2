import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { apiErrorResponse } from "@/lib/http/api-error-response";
import { guardAppRequest } from "@/lib/http/app-request-guard";
import { formatBytes } from "@/lib/http/read-json-body";
import { spoolBody } from "@/lib/http/spool-body";
import { importConversations } from "@/lib/import/import-conversations";
import { ImportFileError } from "@/lib/import/read-conversations-file";
import { currentOwnerId } from "@/lib/session/current-owner";
import { getChatStore } from "@/lib/store";

export const dynamic = "force-dynamic";
// A large export (thousands of conversations) takes a while to store.
export const maxDuration = 600;

/**
 * Imports an export file — ours, or ChatGPT's, Claude's or Open WebUI's — sent as the request
 * body, for this browser. Answers with what was imported and what was left out (ImportReport),
 * or 400 with one sentence when the file is not an export (then nothing is imported).
 */
export async function POST(request: Request): Promise<Response> {
  // proxy.ts leaves this route out (it would buffer the body): the same checks, here.
  const jar = await cookies();
  const refused = await guardAppRequest(request, (name) => jar.get(name)?.value);
  if (refused) return refused;
  const ownerId = await currentOwnerId();
  if (!ownerId) return apiErrorResponse(401, "invalid-request", "No session: reload the page.");
  const maxBytes = env().CHAT_MAX_IMPORT_BYTES;
  const spooled = await spoolBody(request, maxBytes);
  if (!spooled.ok) {
    return apiErrorResponse(
      413,
      "invalid-request",
      `This file is too large to import: at most ${formatBytes(maxBytes)} (CHAT_MAX_IMPORT_BYTES).`,
    );
  }
  try {
    const report = await importConversations(await getChatStore(), ownerId, spooled.body.open);
    return Response.json(report);
  } catch (error) {
    if (error instanceof ImportFileError) {
      return apiErrorResponse(400, "invalid-request", error.message);
    }
    throw error;
  } finally {
    await spooled.body.remove();
  }
}
