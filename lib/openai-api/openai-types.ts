import type { OpenAIFinishReason } from "./map-finish-reason";
import type { OpenAIUsage } from "./map-usage";

/** The response shapes of the OpenAI reference that this API sends. */

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  /** Unix seconds. */
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: {
      role: "assistant";
      /** Null when the reply is only tool calls, as OpenAI sends it. */
      content: string | null;
      refusal: null;
      tool_calls?: OpenAIToolCall[];
      /** A reasoning model's thinking (llama-server's and LM Studio's name for it). */
      reasoning_content?: string;
    };
    logprobs: null;
    finish_reason: OpenAIFinishReason;
  }>;
  usage: OpenAIUsage;
}

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  /** Empty in the usage chunk that `stream_options.include_usage` adds. */
  choices: Array<{
    index: 0;
    delta: {
      role?: "assistant";
      content?: string;
      reasoning_content?: string;
      tool_calls?: OpenAIToolCallDelta[];
    };
    logprobs: null;
    finish_reason: OpenAIFinishReason | null;
  }>;
  /** With `include_usage`: null on every chunk but the last. */
  usage?: OpenAIUsage | null;
}

export interface OpenAIToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** A call's first delta has its index, id, type and name; later ones append to `arguments`. */
export interface OpenAIToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
}

export interface OpenAIModel {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** The answer of `POST /v1/embeddings`. */
export interface EmbeddingList {
  object: "list";
  data: Array<{
    object: "embedding";
    index: number;
    /** The vector, or with `encoding_format: "base64"` its float32 bytes in base64. */
    embedding: number[] | string;
  }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}
