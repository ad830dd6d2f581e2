/** A request body read as JSON, or why it could not be. */
export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; problem: "too-large"; maxBytes: number }
  | { ok: false; problem: "invalid-json"; cause: unknown };

/**
 * Reads at most `maxBytes` of a request body and parses it. A body that says (Content-Length) or
 * turns out to be larger is refused without reading the rest, so an oversize upload costs neither
 * the memory nor the parse.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, problem: "too-large", maxBytes };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, problem: "too-large", maxBytes };
      }
      chunks.push(read.value);
    }
  }
  try {
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    return { ok: true, value: JSON.parse(text) };
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
