/**
 * A response of the Responses API (`/v1/responses`) kept for `previous_response_id`, `GET` and
 * `input_items`. The store knows its items only as JSON objects with an `id` and a `type`: their
 * shapes are the API's (lib/openai-api/responses), not the store's business.
 */

export type JsonObject = { [key: string]: unknown };

/** One input or output item, as the API sent or received it, with the id it is known by. */
export type StoredResponseItem = JsonObject & { id: string; type: string };

export const storedResponseStatuses = ["completed", "incomplete", "failed"] as const;
/** Only finished responses are kept: one still streaming is not stored until it ends. */
export type StoredResponseStatus = (typeof storedResponseStatuses)[number];

export interface StoredResponse {
  id: string;
  /** The API key's owner ("api" without keys): every read and delete is scoped to it. */
  ownerId: string;
  /** The response this one continues; its chain's items came before this one's input. */
  previousResponseId: string | null;
  model: string;
  status: StoredResponseStatus;
  instructions: string | null;
  metadata: Record<string, string>;
  /** The usage as the API reported it; null when the model reported none (a failure). */
  usage: JsonObject | null;
  /** The rest of the response object as it was sent (tools, tool_choice, error, …). */
  body: JsonObject;
  /** What this request added: its `input`, with item references resolved. */
  inputItems: StoredResponseItem[];
  output: StoredResponseItem[];
  createdAt: Date;
}
