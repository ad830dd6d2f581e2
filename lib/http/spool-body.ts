import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";

/** A request body kept in a temporary file, to be read as often as needed, then removed. */
export interface SpooledBody {
  /** The file, for a reader in another thread. */
  path: string;
  open(): ReadableStream<Uint8Array>;
  remove(): Promise<void>;
}

export type Spooled = { ok: true; body: SpooledBody } | { ok: false; problem: "too-large" };

/**
 * Writes a request body of at most `maxBytes` to a temporary file as it arrives (memory holds one
 * chunk at a time); a larger body is refused without reading the rest.
 */
export async function spoolBody(request: Request, maxBytes: number): Promise<Spooled> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, problem: "too-large" };
  }
  const dir = await mkdtemp(join(tmpdir(), "chat-upload-"));
  const path = join(dir, "body");
  const remove = () => rm(dir, { recursive: true, force: true });
  let size = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > maxBytes) controller.error(new Error("too large"));
      else controller.enqueue(chunk);
    },
  });
  try {
    await (request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }))
      .pipeThrough(counted)
      .pipeTo(Writable.toWeb(createWriteStream(path)));
  } catch (error) {
    await remove();
    if (size > maxBytes) return { ok: false, problem: "too-large" };
    throw error;
  }
  return {
    ok: true,
    body: {
      path,
      open: () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
      remove,
    },
  };
}
