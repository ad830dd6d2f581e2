import { z } from "zod";

/**
 * Where a file is in being made searchable (chunked and embedded for retrieval), as the upload and
 * `GET /api/files/:id/indexing` tell the page. Shared by the server and the page (no server code).
 * - `whole`: short enough to go to the model whole; nothing to index.
 * - `indexing`: chunks embedded of all (0 of 0 while its text is still being split).
 * - `ready`: its chunks are stored; a question finds its passages.
 * - `pending`: long, but not indexed in this process (stored before retrieval, imported, or on
 *   another instance): the first turn that needs it indexes it.
 * - `failed`: why, in a sentence; the model then gets the file's beginning that fits.
 */
export const indexingStateSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("whole") }),
  z.object({
    state: z.literal("indexing"),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  z.object({ state: z.literal("ready"), chunks: z.number().int().positive() }),
  z.object({ state: z.literal("pending") }),
  z.object({ state: z.literal("failed"), reason: z.string().min(1) }),
]);

export type IndexingState = z.infer<typeof indexingStateSchema>;

/** The body of `GET /api/files/:id/indexing`, and the `indexing` of an upload's answer. */
export const fileIndexingResponseSchema = z.object({ indexing: indexingStateSchema });
