/** A request body's bytes, or too large. */
export type BodyBytes =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; problem: "too-large"; maxBytes: number };

/**
 * Reads at most `maxBytes` of a request body. A body that says (Content-Length) or turns out to
 * be larger is refused without reading the rest, so an oversize upload costs no memory.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<BodyBytes> {
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
  return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) };
}
