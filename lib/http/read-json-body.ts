import { readBodyBytes } from "./read-body-bytes";

/** A request body read as JSON, or why it could not be. */
export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; problem: "too-large"; maxBytes: number }
  | { ok: false; problem: "invalid-json"; cause: unknown };

/**
 * Reads at most `maxBytes` of a request body (read-body-bytes.ts: an oversize one is refused
 * without reading the rest) and parses it.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  const body = await readBodyBytes(request, maxBytes);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(body.bytes)) };
  } catch (cause) {
    return { ok: false, problem: "invalid-json", cause };
  }
}

/** `8388608` → `8 MB`, for messages people read. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  const kb = bytes / 1024;
  if (kb >= 1) return `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB`;
  return `${bytes} B`;
}
