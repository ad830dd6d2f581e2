import type { ChatStore, StoredResponseItem } from "@/lib/store";
import { OpenAIApiError } from "../openai-api-error";
import type { ItemIdPrefix } from "./response-event-mapper";
import type { ResponsesRequest } from "./responses-schema";
import { toStoredItem } from "./stored-items";

export interface ResolvedConversation {
  /** What the model continues: the stored chain's items (input then output of each), then `input`. */
  conversation: StoredResponseItem[];
  /** This request's items, references resolved and ids given: what its response keeps. */
  inputItems: StoredResponseItem[];
  /** The request field a conversation item came from, for refusals. */
  paramOf: (index: number) => string;
}

/**
 * The conversation a request continues: with `previous_response_id`, the stored chain (of this
 * owner only; unknown, another owner's or broken by a deletion is `previous_response_not_found`,
 * a 400 as OpenAI answers), and `item_reference`s replaced by the stored items they name.
 */
export async function resolveConversation(
  request: ResponsesRequest,
  ownerId: string,
  getStore: () => Promise<ChatStore>,
  newItemId: (prefix: ItemIdPrefix) => string,
): Promise<ResolvedConversation> {
  const history = request.previousResponseId
    ? await storedHistory(await getStore(), ownerId, request.previousResponseId)
    : [];
  const references = request.input.flatMap((item) =>
    item.type === "item_reference" ? [item.id] : [],
  );
  const referenced =
    references.length === 0
      ? new Map<string, StoredResponseItem>()
      : await (await getStore()).findResponseItems(ownerId, references);
  const inputItems = request.input.map((item, index) => {
    if (item.type !== "item_reference") return toStoredItem(item, newItemId);
    const found = referenced.get(item.id);
    if (!found) {
      throw new OpenAIApiError("invalid_value", {
        message: `Item with id '${item.id}' not found: an item_reference names an item of a stored response of this key.`,
        param: `input[${index}].id`,
      });
    }
    return found;
  });
  return {
    conversation: [...history, ...inputItems],
    inputItems,
    paramOf: (index) =>
      index < history.length ? "previous_response_id" : `input[${index - history.length}]`,
  };
}

async function storedHistory(
  store: ChatStore,
  ownerId: string,
  id: string,
): Promise<StoredResponseItem[]> {
  const chain = await store.getResponseChain(ownerId, id);
  const missing = chain === undefined ? id : (chain[0]?.previousResponseId ?? undefined);
  if (missing !== undefined) {
    throw new OpenAIApiError("previous_response_not_found", {
      message:
        missing === id
          ? `Previous response with id '${id}' not found.`
          : `Previous response with id '${missing}' not found: it was deleted, and '${id}' continues it.`,
      param: "previous_response_id",
    });
  }
  return (chain ?? []).flatMap((response) => [...response.inputItems, ...response.output]);
}
