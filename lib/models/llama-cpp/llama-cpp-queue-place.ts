/**
 * With `includeRawChunks`, a request that waits for a free sequence (every one is busy) streams
 * its place in the queue (1 = next) as raw chunks of this shape, before its first text.
 */
export interface LlamaCppQueuePlace {
  type: "queue-place";
  place: number;
}

export function isLlamaCppQueuePlace(value: unknown): value is LlamaCppQueuePlace {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "queue-place" &&
    typeof (value as { place?: unknown }).place === "number"
  );
}
