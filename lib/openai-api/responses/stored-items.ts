import type { StoredResponse, StoredResponseItem } from "@/lib/store";
import type { InputItem } from "./input-item-schema";
import type { ItemIdPrefix } from "./response-event-mapper";
import type { ResponseObject } from "./responses-types";

/**
 * An input item as it is kept and listed (`input_items`): with an id (the client's, or a new
 * one), its text as parts, and `status` as OpenAI lists them. References are resolved before.
 */
export function toStoredItem(
  item: Exclude<InputItem, { type: "item_reference" }>,
  newItemId: (prefix: ItemIdPrefix) => string,
): StoredResponseItem {
  switch (item.type) {
    case "message":
      return {
        id: item.id ?? newItemId("msg"),
        type: "message",
        role: item.role,
        status: "completed",
        content:
          item.role === "assistant"
            ? item.content.map((part) => ({ ...part, annotations: [] }))
            : item.content,
      };
    case "function_call":
      return { ...item, id: item.id ?? newItemId("fc"), status: "completed" };
    case "function_call_output":
      return { ...item, id: item.id ?? newItemId("fc"), status: "completed" };
    case "reasoning":
      return { ...item.sent, type: "reasoning", id: item.id ?? newItemId("rs") };
    case "other":
      return { ...item.sent, id: item.id ?? newItemId("msg") };
  }
}

/** The fields a stored response keeps in columns; the rest of the object goes to `body`. */
const columns = [
  "id",
  "object",
  "created_at",
  "status",
  "model",
  "output",
  "output_text",
  "usage",
  "instructions",
  "metadata",
  "previous_response_id",
] as const;

/** A finished response as the store keeps it, with the input items its request added. */
export function toStoredResponse(
  response: ResponseObject,
  ownerId: string,
  inputItems: StoredResponseItem[],
  createdAt: Date,
): StoredResponse {
  const body: Record<string, unknown> = { ...response };
  for (const column of columns) delete body[column];
  return {
    id: response.id,
    ownerId,
    previousResponseId: response.previous_response_id,
    model: response.model,
    status: response.status === "in_progress" ? "failed" : response.status,
    instructions: response.instructions,
    metadata: response.metadata,
    usage: response.usage ? { ...response.usage } : null,
    body,
    inputItems,
    output: response.output as unknown as StoredResponseItem[],
    createdAt,
  };
}

/** A stored response as `GET /v1/responses/{id}` answers it. */
export function fromStoredResponse(stored: StoredResponse): ResponseObject {
  const output = stored.output as unknown as ResponseObject["output"];
  return {
    ...(stored.body as Omit<ResponseObject, (typeof columns)[number]>),
    id: stored.id,
    object: "response",
    created_at: Math.floor(stored.createdAt.getTime() / 1000),
    status: stored.status,
    model: stored.model,
    output,
    output_text: output
      .flatMap((item) => (item.type === "message" ? item.content.map((part) => part.text) : []))
      .join(""),
    usage: stored.usage as ResponseObject["usage"],
    instructions: stored.instructions,
    metadata: stored.metadata,
    previous_response_id: stored.previousResponseId,
  };
}
