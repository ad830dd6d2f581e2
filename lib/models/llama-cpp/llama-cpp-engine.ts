/**
 * The seam between our AI SDK provider and the inference library. The provider speaks only this
 * interface, so its unit tests inject a fake engine the way AI SDK providers take `fetch`; the real
 * one (node-llama-cpp-engine.ts) runs a GGUF model in-process.
 */

export type LlamaCppMessage =
  | { role: "system"; text: string }
  | { role: "user"; text: string }
  | { role: "assistant"; items: LlamaCppModelItem[] };

/**
 * What one model turn holds, in order. A tool call carries its result: the chat formats render a
 * call and its result inside the model's turn, and the model goes on writing after the result.
 */
export type LlamaCppModelItem =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string }
  | {
      type: "function-call";
      name: string;
      /** The arguments exactly as the model wrote them (JSON text), so the turn renders as it was. */
      paramsText: string;
      /** The tool's output, as text. */
      result: string;
    };

/** A function the model may call: a description and a JSON schema of its arguments. */
export interface LlamaCppFunction {
  description?: string;
  params: unknown;
}

export interface LlamaCppTools {
  /** Every tool of the request; the prompt always documents all of them. */
  functions: Record<string, LlamaCppFunction>;
  /**
   * `auto`: the model may call one; `required`: it must (the reply starts with a call);
   * `{ name }`: it must call that one.
   */
  choice: "auto" | "required" | { name: string };
  /** Most calls in one reply (the format permitting). Unset: no limit but the format's. */
  maxCalls?: number;
}

/** A reasoning model's thinking: the model's default, off, or at most `budget` tokens. */
export type LlamaCppReasoning =
  | { mode: "default" }
  | { mode: "off" }
  | { mode: "budget"; tokens: number };

export interface LlamaCppFunctionCall {
  name: string;
  /** The arguments as the model wrote them: valid JSON matching the tool's schema. */
  paramsText: string;
}

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
  /**
   * Whose request this is, for the prompt cache: a request reuses (and is told of) only what its
   * own owner's earlier requests left in a sequence; a sequence another owner takes is erased.
   * "" is the anonymous owner, shared by every request that names none. It is also who waits
   * when every sequence is busy: the queue serves owners in turn (LlamaCppQueueOrder).
   */
  cacheOwner: string;
  /** Most tokens of reply. Unset: what is left of the context. */
  maxTokens?: number;
  /**
   * `maxTokens` as a ceiling: a prompt that leaves less room gets a shorter reply instead of
   * `context-length-exceeded`.
   */
  shortenToFit?: boolean;
  sampling: LlamaCppSampling;
  stopSequences: string[];
  /**
   * What to do when the conversation and the reply do not fit the context: refuse it
   * (`context-length-exceeded`, the default) or drop the oldest turns (trim-oldest.ts).
   */
  overflow?: "error" | "trim-oldest";
  /** Constrain the reply to JSON, optionally to a schema. Not together with `tools`. */
  json?: { schema?: unknown };
  /** Functions the model may call; it does not run them, it answers with calls. */
  tools?: LlamaCppTools;
  /** Unset: the model's default. */
  reasoning?: LlamaCppReasoning;
  /** Aborting stops the computation, not just the delivery; `generate` then rejects with the reason. */
  signal?: AbortSignal;
  onTextChunk?: (text: string) => void;
  /** Thinking, as it is written (reasoning models only). */
  onReasoningChunk?: (text: string) => void;
  /** A call's arguments as they are written; `index` counts the reply's calls from 0. */
  onFunctionCallChunk?: (call: { index: number; name: string; paramsText: string }) => void;
  /**
   * Every sequence is busy and the request waits: called with its place in the queue (1 = next)
   * when it starts waiting and each time it changes (another owner's request may go ahead).
   */
  onQueued?: (place: number) => void;
}

export type LlamaCppStopReason =
  | "eog"
  | "stop-sequence"
  | "max-tokens"
  | "function-calls"
  | "abort"
  | "other";

export interface LlamaCppGenerateResult {
  text: string;
  /** The thinking, when the model thought ("" otherwise). */
  reasoning: string;
  /** The calls the reply made (its finish reason is then `function-calls`). */
  functionCalls: LlamaCppFunctionCall[];
  stopReason: LlamaCppStopReason;
  /** With `stop-sequence`: which of the request's stop sequences ended the reply. */
  stopSequence?: string;
  usage: {
    /** Tokens of the rendered prompt. */
    promptTokens: number;
    /** Of those, tokens already in the sequence's KV cache and not evaluated again. */
    cachedPromptTokens: number;
    completionTokens: number;
    /** Of the completion tokens, those spent thinking. */
    reasoningTokens: number;
  };
  /** With `overflow: "trim-oldest"`: how many of the oldest messages were left out (0 if none). */
  droppedMessages?: number;
}

/** Where a local model runs: `auto` picks a GPU when there is one. */
export type LlamaCppGpu = "auto" | "cpu" | "cuda" | "vulkan" | "metal";
export const llamaCppGpus: readonly LlamaCppGpu[] = ["auto", "cpu", "cuda", "vulkan", "metal"];

/** How a model's sequences decode: see `NodeLlamaCppEngineOptions.decode`. */
export type LlamaCppDecode = "batched" | "parallel";

/**
 * Whom a released sequence goes to when requests wait: `fair`, owners (`cacheOwner`) in turn,
 * the one holding the fewest sequences first, each owner's requests in the order they came;
 * `first-come`, the earliest request whoever sent it (kept to benchmark the two side by side).
 */
export type LlamaCppQueueOrder = "fair" | "first-come";

/** What a loaded model runs on, for the start log and `/health`. */
export interface LlamaCppDevice {
  /** The backend in use (`cpu` when no GPU was found or the asked one failed). */
  backend: "cpu" | "cuda" | "vulkan" | "metal";
  /** The GPU's name(s), empty on the CPU. */
  names: string[];
  /** Of the model's layers, how many run on the GPU (0 on the CPU). */
  gpuLayers: number;
  /** GPU memory in use after loading, when on a GPU. */
  vramUsedBytes?: number;
  /** Why the GPU asked for is not in use, when it is not. */
  fallbackReason?: string;
}

/** What decides a prompt's tokens: the messages, the tools it documents, the thinking mode. */
export type LlamaCppPromptRequest = Pick<
  LlamaCppGenerateRequest,
  "messages" | "tools" | "reasoning"
>;

export interface LlamaCppEngine {
  /** A stable name for the loaded model, e.g. the GGUF file name. */
  readonly modelName: string;
  readonly device: LlamaCppDevice;
  generate(request: LlamaCppGenerateRequest): Promise<LlamaCppGenerateResult>;
  /**
   * The tokens of the prompt `generate` would evaluate for this request (its `promptTokens`),
   * rendered and tokenized without touching a sequence.
   */
  countPromptTokens(request: LlamaCppPromptRequest): number;
  dispose(): Promise<void>;
}
