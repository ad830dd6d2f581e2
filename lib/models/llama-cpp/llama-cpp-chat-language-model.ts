import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from "@ai-sdk/provider";
import { generateId, parseProviderOptions } from "@ai-sdk/provider-utils";
import { convertToLlamaCppMessages } from "./convert-to-llama-cpp-messages";
import { llamaCppChatOptionsSchema } from "./llama-cpp-chat-options";
import type {
  LlamaCppEngine,
  LlamaCppGenerateRequest,
  LlamaCppGenerateResult,
  LlamaCppReasoning,
} from "./llama-cpp-engine";
import { prepareLlamaCppTools } from "./llama-cpp-prepare-tools";
import type { LlamaCppQueuePlace } from "./llama-cpp-queue-place";
import { mapLlamaCppFinishReason } from "./map-llama-cpp-finish-reason";

export interface LlamaCppChatConfig {
  provider: string;
  /** Resolves to the loaded model; called per request, so it must cache (the provider does). */
  engine: () => Promise<LlamaCppEngine>;
  generateId?: () => string;
  /** Thinking when a call says nothing about it. Unset: the model's default. */
  defaultReasoning?: LlamaCppReasoning;
}

type PreparedRequest = Omit<
  LlamaCppGenerateRequest,
  "signal" | "onTextChunk" | "onReasoningChunk" | "onFunctionCallChunk" | "onQueued"
>;

const TEXT_ID = "text-0";
const REASONING_ID = "reasoning-0";

/** An AI SDK language model (LanguageModelV4) over a GGUF model running in this process. */
export class LlamaCppChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly supportedUrls = {};
  readonly modelId: string;
  private readonly config: LlamaCppChatConfig;

  constructor(modelId: string, config: LlamaCppChatConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  /** Loads the model now (download included) instead of on the first request. */
  async load(): Promise<void> {
    await this.config.engine();
  }

  /**
   * The tokens of the prompt these call options make, exactly as `doGenerate` and `doStream`
   * would render them (chat format, tools, thinking mode): what a reply's usage reports as input.
   */
  async countPromptTokens(options: LanguageModelV4CallOptions): Promise<number> {
    const { request } = await this.prepare(options);
    const engine = await this.config.engine();
    return engine.countPromptTokens(request);
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { request, warnings } = await this.prepare(options);
    const engine = await this.config.engine();
    const result = await engine.generate({ ...request, signal: options.abortSignal });
    const content: LanguageModelV4Content[] = [];
    if (result.reasoning !== "") content.push({ type: "reasoning", text: result.reasoning });
    if (result.text !== "") content.push({ type: "text", text: result.text });
    for (const call of result.functionCalls) {
      content.push({
        type: "tool-call",
        toolCallId: this.callId(),
        toolName: call.name,
        input: call.paramsText,
      });
    }
    return {
      content,
      finishReason: mapLlamaCppFinishReason(result.stopReason),
      usage: toUsage(result.usage),
      providerMetadata: providerMetadataOf(result),
      warnings,
      request: { body: request },
      response: this.responseMetadata(),
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { request, warnings } = await this.prepare(options);
    // Loading errors (missing file, failed download) reject here, before any stream exists.
    const engine = await this.config.engine();
    const abort = new AbortController();
    const forwardAbort = () => abort.abort(options.abortSignal?.reason);
    options.abortSignal?.addEventListener("abort", forwardAbort, { once: true });
    if (options.abortSignal?.aborted) forwardAbort();

    let open = true;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start: (controller) => {
        const enqueue = (part: LanguageModelV4StreamPart) => {
          if (open) controller.enqueue(part);
        };
        enqueue({ type: "stream-start", warnings });
        enqueue({ type: "response-metadata", ...this.responseMetadata() });
        // Thinking, then text; a block ends when the next kind of output begins.
        let block: "reasoning" | "text" | undefined;
        const switchTo = (kind: "reasoning" | "text" | undefined) => {
          if (block === kind) return;
          if (block === "reasoning") enqueue({ type: "reasoning-end", id: REASONING_ID });
          if (block === "text") enqueue({ type: "text-end", id: TEXT_ID });
          if (kind === "reasoning") enqueue({ type: "reasoning-start", id: REASONING_ID });
          if (kind === "text") enqueue({ type: "text-start", id: TEXT_ID });
          block = kind;
        };
        /** The id of each call, by its index in the reply. */
        const callIds: string[] = [];

        engine
          .generate({
            ...request,
            signal: abort.signal,
            onTextChunk: (delta) => {
              switchTo("text");
              enqueue({ type: "text-delta", id: TEXT_ID, delta });
            },
            onReasoningChunk: (delta) => {
              switchTo("reasoning");
              enqueue({ type: "reasoning-delta", id: REASONING_ID, delta });
            },
            onFunctionCallChunk: ({ index, name, paramsText }) => {
              switchTo(undefined);
              let id = callIds[index];
              if (id === undefined) {
                id = this.callId();
                callIds[index] = id;
                enqueue({ type: "tool-input-start", id, toolName: name });
              }
              enqueue({ type: "tool-input-delta", id, delta: paramsText });
            },
            onQueued: options.includeRawChunks
              ? (place) => {
                  const rawValue: LlamaCppQueuePlace = { type: "queue-place", place };
                  enqueue({ type: "raw", rawValue });
                }
              : undefined,
          })
          .then(
            (result) => {
              switchTo(undefined);
              for (const [index, call] of result.functionCalls.entries()) {
                let id = callIds[index];
                if (id === undefined) {
                  // Never streamed (a format that writes arguments in one piece): whole here.
                  id = this.callId();
                  enqueue({ type: "tool-input-start", id, toolName: call.name });
                  enqueue({ type: "tool-input-delta", id, delta: call.paramsText });
                }
                enqueue({ type: "tool-input-end", id });
                enqueue({
                  type: "tool-call",
                  toolCallId: id,
                  toolName: call.name,
                  input: call.paramsText,
                });
              }
              enqueue({
                type: "finish",
                finishReason: mapLlamaCppFinishReason(result.stopReason),
                usage: toUsage(result.usage),
                providerMetadata: providerMetadataOf(result),
              });
              if (open) controller.close();
            },
            (error: unknown) => {
              // An abort ends the stream the way an aborted fetch body does: with the reason.
              if (open) controller.error(error);
            },
          )
          .finally(() => {
            open = false;
            options.abortSignal?.removeEventListener("abort", forwardAbort);
          });
      },
      cancel: (reason) => {
        open = false;
        abort.abort(reason);
      },
    });
    return { stream, request: { body: request } };
  }

  private async prepare(
    options: LanguageModelV4CallOptions,
  ): Promise<{ request: PreparedRequest; warnings: SharedV4Warning[] }> {
    const llamaOptions = await parseProviderOptions({
      provider: "llamaCpp",
      providerOptions: options.providerOptions,
      schema: llamaCppChatOptionsSchema,
    });
    const format = options.responseFormat;
    const json = format?.type === "json";
    const { tools, warnings } = prepareLlamaCppTools({
      tools: options.tools,
      toolChoice: options.toolChoice,
      parallelToolCalls: llamaOptions?.parallelToolCalls,
      json,
    });

    const request: PreparedRequest = {
      messages: convertToLlamaCppMessages(options.prompt),
      cacheOwner: llamaOptions?.cacheOwner ?? "",
      maxTokens: options.maxOutputTokens,
      ...(llamaOptions?.shortenReplyToFit ? { shortenToFit: true } : {}),
      sampling: {
        temperature: options.temperature,
        topP: options.topP,
        topK: options.topK,
        minP: llamaOptions?.minP,
        seed: options.seed,
        presencePenalty: options.presencePenalty,
        frequencyPenalty: options.frequencyPenalty,
        repeatPenalty: llamaOptions?.repeatPenalty,
      },
      stopSequences: options.stopSequences ?? [],
      overflow: llamaOptions?.overflow,
      json: format?.type === "json" ? { schema: format.schema } : undefined,
      tools,
      reasoning:
        reasoningOf(llamaOptions?.thinking, options.reasoning) ?? this.config.defaultReasoning,
    };
    return { request, warnings };
  }

  private callId(): string {
    return `call_${(this.config.generateId ?? generateId)()}`;
  }

  private responseMetadata() {
    return {
      id: (this.config.generateId ?? generateId)(),
      modelId: this.modelId,
      timestamp: new Date(),
    };
  }
}

/**
 * What the SDK's result has no field for, under `llamaCpp`: the messages trim-oldest dropped, and
 * the stop sequence that ended the reply (Anthropic's Messages API reports it).
 */
function providerMetadataOf(result: LlamaCppGenerateResult): SharedV4ProviderMetadata | undefined {
  const { droppedMessages, stopSequence } = result;
  if (droppedMessages === undefined && stopSequence === undefined) return undefined;
  return {
    llamaCpp: {
      ...(droppedMessages === undefined ? {} : { droppedMessages }),
      ...(stopSequence === undefined ? {} : { stopSequence }),
    },
  };
}

function toUsage(usage: LlamaCppGenerateResult["usage"]): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: usage.promptTokens,
      noCache: usage.promptTokens - usage.cachedPromptTokens,
      cacheRead: usage.cachedPromptTokens,
      cacheWrite: undefined,
    },
    outputTokens: {
      total: usage.completionTokens,
      text: usage.completionTokens - usage.reasoningTokens,
      reasoning: usage.reasoningTokens,
    },
  };
}

/**
 * What a call asks of the model's thinking: our own option first (off, or a token budget), else
 * the SDK's effort — `none` and `minimal` turn it off where the format allows; the rest leave the
 * model's default. Undefined: the call says nothing.
 */
function reasoningOf(
  thinking: "off" | number | undefined,
  effort: LanguageModelV4CallOptions["reasoning"],
): LlamaCppReasoning | undefined {
  if (thinking === "off") return { mode: "off" };
  if (typeof thinking === "number") return { mode: "budget", tokens: thinking };
  if (effort === "none" || effort === "minimal") return { mode: "off" };
  if (effort === undefined) return undefined;
  return { mode: "default" };
}
