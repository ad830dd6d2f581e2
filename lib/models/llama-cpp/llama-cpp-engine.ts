/**
 * The seam between our AI SDK provider and the inference library. The provider speaks only this
 * interface, so its unit tests inject a fake engine the way AI SDK providers take `fetch`; the real
 * one (node-llama-cpp-engine.ts) runs a GGUF model in-process.
 */

export type LlamaCppMessage =
  | { role: "system"; text: string }
  | { role: "user"; text: string }
  | { role: "assistant"; text: string };

export interface LlamaCppSampling {
  /** 0 means greedy. */
  temperature?: number;
  topP?: number;
  topK?: number;
  minP?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  repeatPenalty?: number;
}

export interface LlamaCppGenerateRequest {
  /** The conversation; the reply continues after the last message. */
  messages: LlamaCppMessage[];
  maxTokens?: number;
  sampling: LlamaCppSampling;
  stopSequences: string[];
  /**
   * What to do when the conversation and the reply do not fit the context: refuse it
   * (`context-length-exceeded`, the default) or drop the oldest turns (trim-oldest.ts).
   */
  overflow?: "error" | "trim-oldest";
  /** Constrain the reply to JSON, optionally to a schema. */
  json?: { schema?: unknown };
  /** Aborting stops the computation, not just the delivery; `generate` then rejects with the reason. */
  signal?: AbortSignal;
  onTextChunk?: (text: string) => void;
  /**
   * Every sequence is busy and the request waits: called with its place in the queue (1 = next)
   * when it starts waiting and each time it moves up.
   */
  onQueued?: (place: number) => void;
}

export type LlamaCppStopReason = "eog" | "stop-sequence" | "max-tokens" | "abort" | "other";

export interface LlamaCppGenerateResult {
  text: string;
  stopReason: LlamaCppStopReason;
  usage: {
    /** Tokens of the rendered prompt. */
    promptTokens: number;
    /** Of those, tokens already in the sequence's KV cache and not evaluated again. */
    cachedPromptTokens: number;
    completionTokens: number;
  };
  /** With `overflow: "trim-oldest"`: how many of the oldest messages were left out (0 if none). */
  droppedMessages?: number;
}

export interface LlamaCppEngine {
  /** A stable name for the loaded model, e.g. the GGUF file name. */
  readonly modelName: string;
  generate(request: LlamaCppGenerateRequest): Promise<LlamaCppGenerateResult>;
  dispose(): Promise<void>;
}
