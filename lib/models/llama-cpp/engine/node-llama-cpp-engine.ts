import { availableParallelism, freemem } from "node:os";
import { basename } from "node:path";
import {
  type ChatHistoryItem,
  getLlama,
  type Llama,
  LlamaChat,
  type LlamaChatResponse,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
  TokenMeter,
} from "node-llama-cpp";
import type {
  LlamaCppEngine,
  LlamaCppGenerateRequest,
  LlamaCppGenerateResult,
  LlamaCppMessage,
  LlamaCppStopReason,
} from "../llama-cpp-engine";
import { LlamaCppError } from "../llama-cpp-error";
import { threadsPerBatchStrategy } from "./batch-threads";
import { chooseChatWrapper, type FallbackChatWrapperName } from "./choose-chat-wrapper";
import { defaultContextSize } from "./default-context-size";
import {
  formatMegabytes,
  type KvCacheShape,
  kvCacheBytesPerToken,
  kvCacheShapeOf,
} from "./kv-cache-size";
import { llamaLogger } from "./llama-logger";
import { measureThreads } from "./measure-threads";
import { commonPrefixLength, reusableTokens } from "./prefix-reuse";
import { SequencePool } from "./sequence-pool";
import { describeThreadPlan, fixedThreads, maxThreadsOf, type ThreadPlan } from "./thread-plan";
import { trimOldest } from "./trim-oldest";

export interface NodeLlamaCppEngineOptions {
  /** A GGUF file on disk (see resolve-model-file.ts for URIs). */
  modelPath: string;
  /** One count for every batch. Unset: a count per batch size, measured once at load. */
  threads?: number;
  /** Tokens per sequence. Unset: see default-context-size.ts (model, 4096, free memory). */
  contextSize?: number;
  /** Requests served at once; each gets its own sequence of one shared context. */
  sequences: number;
  /** Requests that may wait for a sequence; more are refused with `queue-full`. Default 64. */
  maxQueue?: number;
  fallbackChatWrapper: FallbackChatWrapperName;
  onLoadProgress?: (fraction: number) => void;
  log?: (message: string) => void;
}

let llamaPromise: Promise<Llama> | undefined;

/** One llama.cpp binding per process. CPU only: the prebuilt binary is what installs here. */
function sharedLlama(): Promise<Llama> {
  // build: "never": a prebuilt binary that fails its self-test must fail the load, never start
  // compiling llama.cpp from source inside a running server.
  llamaPromise ??= getLlama({ gpu: false, build: "never", logger: llamaLogger }).catch(
    (error: unknown) => {
      llamaPromise = undefined;
      throw error;
    },
  );
  return llamaPromise;
}

export async function loadNodeLlamaCppEngine(
  options: NodeLlamaCppEngineOptions,
): Promise<LlamaCppEngine> {
  const log = options.log ?? (() => {});
  const llama = await sharedLlama();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({
      modelPath: options.modelPath,
      onLoadProgress: options.onLoadProgress,
    });
  } catch (cause) {
    throw new LlamaCppError({
      code: "model-load-failed",
      message: `Could not load the model ${options.modelPath}: ${String(cause)}`,
      cause,
    });
  }

  const threads =
    options.threads === undefined ? await measureAndLog(model, log) : fixedThreads(options.threads);
  const kvShape = kvCacheShapeOf(model.fileInfo.metadata as unknown as Record<string, unknown>);
  const contextSize =
    options.contextSize ??
    defaultContextSize({
      trainContextSize: model.trainContextSize,
      kvBytesPerToken: kvShape && kvCacheBytesPerToken(kvShape),
      sequences: options.sequences,
      freeMemoryBytes: freemem(),
    });
  const context = await model.createContext({
    contextSize,
    sequences: options.sequences,
    ...threadOptions(llama, threads),
    ...flashAttentionFor(kvShape),
  });
  const chatWrapper = chooseChatWrapper(model, options.fallbackChatWrapper);
  const chats = Array.from(
    { length: options.sequences },
    () => new LlamaChat({ contextSequence: context.getSequence(), chatWrapper }),
  );
  const pool = new SequencePool(chats, { maxWaiting: options.maxQueue ?? 64 });
  log(
    `model ${basename(options.modelPath)}: chat format ${chatWrapper.wrapperName}, ` +
      `${options.sequences} sequences of ${context.contextSize} tokens, ${describeThreadPlan(threads)}; ` +
      describeKvCache(kvShape, context.contextSize, options.sequences),
  );

  let jsonGrammar: Promise<LlamaGrammar> | undefined;
  function grammarFor(json: NonNullable<LlamaCppGenerateRequest["json"]>): Promise<LlamaGrammar> {
    if (json.schema === undefined) {
      jsonGrammar ??= llama.getGrammarFor("json");
      return jsonGrammar;
    }
    // biome-ignore lint/suspicious/noExplicitAny: the schema comes from a validated request; node-llama-cpp checks it.
    return llama.createGrammarForJsonSchema(json.schema as any).catch((cause: unknown) => {
      throw new LlamaCppError({
        code: "invalid-json-schema",
        message: `The JSON schema cannot constrain the output: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause,
      });
    });
  }

  /** The prompt as the model sees it: the chat format's rendering of the messages, tokenized. */
  const renderTokens = (messages: LlamaCppMessage[]): Token[] =>
    chatWrapper
      .generateContextState({
        chatHistory: [...messages.map(toChatHistoryItem), { type: "model", response: [] }],
      })
      .contextText.tokenize(model.tokenizer);
  const render = lastValueMemo(renderTokens);
  const emptyPromptTokens = renderTokens([]).length;

  /** The messages that go to the model, trimmed if the request allows it, and their tokens. */
  function fitToContext(request: LlamaCppGenerateRequest) {
    const reply = request.maxTokens ?? 1;
    let messages = request.messages;
    let droppedMessages: number | undefined;
    if (request.overflow === "trim-oldest") {
      const trimmed = trimOldest(messages, {
        budget: context.contextSize - reply,
        promptTokens: (candidate) => render(candidate).length,
        // With the chat format's markup around it.
        messageTokens: (message) => renderTokens([message]).length - emptyPromptTokens,
      });
      messages = trimmed?.messages ?? messages;
      droppedMessages = trimmed?.dropped ?? 0;
    }
    const promptTokens = render(messages);
    // Without trim-oldest, trimming a conversation to fit is the caller's choice (the page and
    // the API differ); a silent context shift would drop messages nobody chose to drop.
    if (promptTokens.length + reply > context.contextSize) {
      throw new LlamaCppError({
        code: "context-length-exceeded",
        message:
          `The conversation needs ${promptTokens.length + reply} tokens (${promptTokens.length} of prompt and ` +
          `${reply} for the reply), more than the model's context of ${context.contextSize}.`,
      });
    }
    return { messages, promptTokens, droppedMessages };
  }

  async function generate(request: LlamaCppGenerateRequest): Promise<LlamaCppGenerateResult> {
    const grammar = request.json ? await grammarFor(request.json) : undefined;
    const { messages, promptTokens, droppedMessages } = fitToContext(request);
    // The free sequence that already holds the most of this prompt (the same conversation's
    // previous turn), so that only the new tokens are evaluated.
    const chat = await pool.acquire(
      request.signal,
      (candidate) => reusableTokens(candidate.sequence.contextTokens, promptTokens),
      request.onQueued,
    );
    try {
      const history: ChatHistoryItem[] = [
        ...messages.map(toChatHistoryItem),
        { type: "model", response: [] },
      ];
      // What the sequence already holds of this prompt is reused, not evaluated again; the last
      // prompt token always is (its logits give the first token of the reply).
      const cachedPromptTokens = Math.min(
        commonPrefixLength(chat.sequence.contextTokens, promptTokens),
        promptTokens.length - 1,
      );
      const meterBefore = chat.sequence.tokenMeter.getState();
      const { sampling } = request;
      const response = await chat.generateResponse(history, {
        signal: request.signal,
        stopOnAbortSignal: false,
        // Without a limit the reply may use what is left of the context and ends there
        // (`max-tokens`), never in a context shift that drops earlier messages.
        maxTokens: request.maxTokens ?? context.contextSize - promptTokens.length,
        temperature: sampling.temperature,
        topP: sampling.topP,
        topK: sampling.topK,
        minP: sampling.minP,
        seed: sampling.seed,
        repeatPenalty: repeatPenaltyOf(sampling),
        customStopTriggers: request.stopSequences.length > 0 ? request.stopSequences : undefined,
        grammar,
        onTextChunk: request.onTextChunk,
      });
      const used = TokenMeter.diff(chat.sequence.tokenMeter, meterBefore);
      return {
        text: response.response,
        stopReason: stopReasonOf(response.metadata.stopReason),
        usage: {
          promptTokens: promptTokens.length,
          cachedPromptTokens,
          completionTokens: used.usedOutputTokens,
        },
        droppedMessages,
      };
    } catch (cause) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (LlamaCppError.isInstance(cause)) throw cause;
      throw new LlamaCppError({
        code: "generation-failed",
        message: `The local model failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause,
      });
    } finally {
      pool.release(chat);
    }
  }

  return {
    modelName: basename(options.modelPath),
    generate,
    async dispose() {
      for (const chat of chats) chat.dispose();
      await context.dispose();
      await model.dispose();
    },
  };
}

async function measureAndLog(
  model: LlamaModel,
  log: (message: string) => void,
): Promise<ThreadPlan> {
  // Another model's plan may have lowered the per-process limit; candidates must not be clamped.
  model.llama.maxThreads = Math.max(model.llama.maxThreads, availableParallelism());
  const measured = await measureThreads(model);
  log(
    `threads measured (tokens/s by batch size, then by threads): ${JSON.stringify(measured.tokensPerSecond)}`,
  );
  return measured.plan;
}

/** A single count is fixed for the context; a plan varies it per batch (batch-threads.ts). */
function threadOptions(llama: Llama, plan: ThreadPlan) {
  // The context's ideal count is clamped to maxThreads at creation. (It is per process: a second
  // local model with a plan would share it; one local model per process is the usual case.)
  llama.maxThreads = Math.max(llama.maxThreads, maxThreadsOf(plan));
  if (plan.length === 1) return { threads: plan[0].threads };
  return {
    threads: { ideal: maxThreadsOf(plan), min: 1 },
    batching: { itemPrioritizationStrategy: threadsPerBatchStrategy(llama, plan) },
  };
}

/**
 * llama.cpp's flash-attention kernel (on by default on the CPU) has a per-position cost that
 * dwarfs the arithmetic of very narrow heads: on stories260K (8-wide heads) a 6,400-token prompt
 * takes 64 s with it and 16 s without, while heads of 64 and more (every real model) are faster
 * with it (measured 2026-12-01, docs/benchmarks.md). Below 32 it is turned off.
 */
function flashAttentionFor(shape: KvCacheShape | undefined) {
  return shape && shape.keyLength < 32 ? { flashAttention: false } : {};
}

/** The KV cache's memory, fixed at load: it does not grow with requests. */
function describeKvCache(
  shape: KvCacheShape | undefined,
  contextSize: number,
  sequences: number,
): string {
  if (!shape) return "KV cache size unknown";
  const perSequence = kvCacheBytesPerToken(shape) * contextSize;
  return (
    `KV cache ${formatMegabytes(perSequence)} per sequence x ${sequences} = ` +
    `${formatMegabytes(perSequence * sequences)} (F16)`
  );
}

/** Remembers the last argument and result: the fitting check renders the same messages twice. */
function lastValueMemo<A, R>(compute: (argument: A) => R): (argument: A) => R {
  let last: { argument: A; result: R } | undefined;
  return (argument) => {
    if (last?.argument !== argument) last = { argument, result: compute(argument) };
    return last.result;
  };
}

function toChatHistoryItem(message: LlamaCppMessage): ChatHistoryItem {
  switch (message.role) {
    case "system":
      return { type: "system", text: message.text };
    case "user":
      return { type: "user", text: message.text };
    case "assistant":
      return { type: "model", response: [message.text] };
  }
}

function repeatPenaltyOf(sampling: LlamaCppGenerateRequest["sampling"]) {
  const { presencePenalty, frequencyPenalty, repeatPenalty } = sampling;
  if (
    presencePenalty === undefined &&
    frequencyPenalty === undefined &&
    repeatPenalty === undefined
  )
    return false as const;
  return { penalty: repeatPenalty, presencePenalty, frequencyPenalty };
}

function stopReasonOf(reason: LlamaChatResponse["metadata"]["stopReason"]): LlamaCppStopReason {
  switch (reason) {
    case "eogToken":
    case "stopGenerationTrigger":
      return "eog";
    case "customStopTrigger":
      return "stop-sequence";
    case "maxTokens":
      return "max-tokens";
    case "abort":
      return "abort";
    default:
      return "other";
  }
}
