/**
 * The shapes of the Responses API that this server sends (OpenAI's reference, the Open Responses
 * spec): the response object, its output items, the streamed events and the usage.
 */

export interface OutputText {
  type: "output_text";
  text: string;
  annotations: [];
  logprobs: [];
}

export interface MessageItem {
  type: "message";
  id: string;
  role: "assistant";
  status: ItemStatus;
  content: OutputText[];
}

export interface FunctionCallItem {
  type: "function_call";
  id: string;
  call_id: string;
  name: string;
  /** The JSON text the model wrote. */
  arguments: string;
  status: ItemStatus;
}

/**
 * A model's thinking, sent as its summary: the part of a reasoning item that the clients show
 * (the AI SDK reads only summaries; Codex shows raw reasoning text only when asked to).
 */
export interface ReasoningItem {
  type: "reasoning";
  id: string;
  summary: Array<{ type: "summary_text"; text: string }>;
  status: ItemStatus;
}

export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;

export type ItemStatus = "in_progress" | "completed" | "incomplete";

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

/** `error` of a failed response: the code and message of our error table's envelope. */
export interface ResponseError {
  code: string;
  message: string;
}

/** What a request asked for, echoed in the response object as OpenAI does. */
export interface ResponseSettings {
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  temperature: number | null;
  text: { format: { type: string; [key: string]: unknown } };
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: "auto" | "disabled";
}

export interface ResponseObject extends ResponseSettings {
  id: string;
  object: "response";
  /** Unix seconds. */
  created_at: number;
  completed_at: number | null;
  status: ResponseStatus;
  model: string;
  output: OutputItem[];
  /** The SDKs' convenience: every output text joined. */
  output_text: string;
  error: ResponseError | null;
  incomplete_details: { reason: "max_output_tokens" | "content_filter" } | null;
  usage: ResponseUsage | null;
  background: false;
  service_tier: "default";
  user: null;
}

/** A streamed event before the writer numbers it (`sequence_number`). */
export type ResponseEvent =
  | { type: "response.created" | "response.in_progress"; response: ResponseObject }
  | {
      type: "response.completed" | "response.incomplete" | "response.failed";
      response: ResponseObject;
    }
  | {
      type: "response.output_item.added" | "response.output_item.done";
      output_index: number;
      item: OutputItem;
    }
  | {
      type: "response.content_part.added" | "response.content_part.done";
      item_id: string;
      output_index: number;
      content_index: number;
      part: OutputText;
    }
  | {
      type: "response.output_text.delta";
      item_id: string;
      output_index: number;
      content_index: number;
      delta: string;
      logprobs: [];
    }
  | {
      type: "response.output_text.done";
      item_id: string;
      output_index: number;
      content_index: number;
      text: string;
      logprobs: [];
    }
  | {
      type: "response.reasoning_summary_part.added" | "response.reasoning_summary_part.done";
      item_id: string;
      output_index: number;
      summary_index: number;
      part: { type: "summary_text"; text: string };
    }
  | {
      type: "response.reasoning_summary_text.delta";
      item_id: string;
      output_index: number;
      summary_index: number;
      delta: string;
    }
  | {
      type: "response.reasoning_summary_text.done";
      item_id: string;
      output_index: number;
      summary_index: number;
      text: string;
    }
  | {
      type: "response.function_call_arguments.delta";
      item_id: string;
      output_index: number;
      delta: string;
    }
  | {
      type: "response.function_call_arguments.done";
      item_id: string;
      output_index: number;
      name: string;
      arguments: string;
    };

/** The item events the model's stream parts map to (the lifecycle events come from the writer). */
export type ItemEvent = Exclude<
  ResponseEvent,
  { type: `response.${"created" | "in_progress" | "completed" | "incomplete" | "failed"}` }
>;
