import { z } from "zod";
import type { StoredResponse, StoredResponseItem } from "@/lib/store";
import { OpenAIApiError } from "../openai-api-error";
import { formatPath } from "../parse-chat-completion-request";

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  order: z.enum(["asc", "desc"]).default("desc"),
  after: z.string().min(1).optional(),
});

export interface InputItemsPage {
  object: "list";
  data: StoredResponseItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/**
 * `GET /v1/responses/{id}/input_items`: the items the response was generated from — its chain's
 * inputs and outputs, then its own input — newest first unless `order=asc`, `limit` (1–100,
 * default 20) at a time, after the item `after` names.
 */
export function inputItemsPage(chain: StoredResponse[], search: URLSearchParams): InputItemsPage {
  const parsed = querySchema.safeParse(Object.fromEntries(search));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = formatPath(issue?.path ?? []);
    throw new OpenAIApiError("invalid_value", {
      message: `Invalid '${param}': ${issue?.message}`,
      param,
    });
  }
  const { limit, order, after } = parsed.data;
  const items = chain.flatMap((response, index) =>
    index === chain.length - 1 ? response.inputItems : [...response.inputItems, ...response.output],
  );
  if (order === "desc") items.reverse();
  let start = 0;
  if (after !== undefined) {
    start = items.findIndex((item) => item.id === after) + 1;
    if (start === 0) {
      throw new OpenAIApiError("invalid_value", {
        message: `No input item of this response has the id '${after}'.`,
        param: "after",
      });
    }
  }
  const data = items.slice(start, start + limit);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < items.length,
  };
}
