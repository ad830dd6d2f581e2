import type { AnthropicStopReason } from "./map-stop-reason";
import type { AnthropicUsage } from "./map-usage";

/** The response shapes of Anthropic's Messages API that this server sends. */

export type AnthropicContentBlock =
  | { type: "text"; text: string }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicMessage {
  /** `msg_` and random characters. */
  id: string;
  type: "message";
  role: "assistant";
  /** The model name the client asked for. */
  model: string;
  content: AnthropicContentBlock[];
  /** Null only in `message_start`, before the reply has ended. */
  stop_reason: AnthropicStopReason | null;
  /** Which of the request's `stop_sequences` ended the reply, with `stop_sequence`. */
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

export type AnthropicContentDelta =
  | { type: "text_delta"; text: string }
  | { type: "thinking_delta"; thinking: string }
  | { type: "signature_delta"; signature: string }
  | { type: "input_json_delta"; partial_json: string };

/** The events of one content block, from its start to its stop. */
export type ContentBlockEvent =
  | {
      type: "content_block_start";
      index: number;
      /** The block as it begins: empty text or thinking, a call with its id, name and `{}`. */
      content_block: AnthropicContentBlock;
    }
  | { type: "content_block_delta"; index: number; delta: AnthropicContentDelta }
  | { type: "content_block_stop"; index: number };

export type AnthropicStreamEvent =
  | { type: "message_start"; message: AnthropicMessage }
  | { type: "ping" }
  | ContentBlockEvent
  | {
      type: "message_delta";
      delta: { stop_reason: AnthropicStopReason; stop_sequence: string | null };
      usage: AnthropicUsage;
    }
  | { type: "message_stop" };
