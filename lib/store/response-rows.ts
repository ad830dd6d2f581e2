import type { StoredResponse, StoredResponseItem } from "./stored-response";

/** A `responses` row as both dialects' schemas return it. */
export type ResponseRow = Omit<StoredResponse, "inputItems" | "output">;

/** A `response_items` row as both dialects' schemas return it. */
export interface ResponseItemRow {
  responseId: string;
  position: number;
  origin: "input" | "output";
  itemId: string;
  item: StoredResponseItem;
}

/** The rows that keep a response: its own, and its input then output items in order. */
export function responseRows(response: StoredResponse): {
  row: ResponseRow;
  items: ResponseItemRow[];
} {
  const { inputItems, output, ...row } = response;
  const items = [
    ...inputItems.map((item) => ({ origin: "input" as const, item })),
    ...output.map((item) => ({ origin: "output" as const, item })),
  ].map(({ origin, item }, position) => ({
    responseId: response.id,
    position,
    origin,
    itemId: item.id,
    item,
  }));
  return { row, items };
}

/** Responses with their items, from rows in any order; items keep their positions. */
export function withItems(rows: ResponseRow[], items: ResponseItemRow[]): StoredResponse[] {
  const byResponse = new Map<string, ResponseItemRow[]>();
  for (const item of items) {
    const list = byResponse.get(item.responseId) ?? [];
    list.push(item);
    byResponse.set(item.responseId, list);
  }
  return rows.map((row) => {
    const own = (byResponse.get(row.id) ?? []).sort((a, b) => a.position - b.position);
    return {
      ...row,
      inputItems: own.filter((i) => i.origin === "input").map((i) => i.item),
      output: own.filter((i) => i.origin === "output").map((i) => i.item),
    };
  });
}

/**
 * A chain's responses, oldest first, from the ids the recursive query found with their depth
 * (0 = the response asked for).
 */
export function chainOrder(
  chain: Array<{ id: string; depth: number }>,
  responses: StoredResponse[],
): StoredResponse[] {
  const depth = new Map(chain.map((link) => [link.id, Number(link.depth)]));
  return responses.sort((a, b) => (depth.get(b.id) ?? 0) - (depth.get(a.id) ?? 0));
}

/** A taken response id (the API makes fresh ones; a clash is a bug worth its own error). */
export function isResponseIdTaken(error: unknown): boolean {
  const text = [error, (error as { cause?: unknown })?.cause]
    .map((e) => (e instanceof Error ? e.message : String(e)))
    .join(" ");
  return /UNIQUE constraint failed: responses\.id|responses_pkey/.test(text);
}
