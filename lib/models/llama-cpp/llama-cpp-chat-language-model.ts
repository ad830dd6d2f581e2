import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
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
} from "./llama-cpp-engine";
import type { LlamaCppQueuePlace } from "./llama-cpp-queue-place";
import { mapLlamaCppFinishReason } from "./map-llama-cpp-finish-reason";

export interface LlamaCppChatConfig {
  provider: string;
  /** Resolves to the loaded model; called per request, so it must cache (the provider does). */
  engine: () => Promise<LlamaCppEngine>;
  generateId?: () => string;
}

type PreparedRequest = Omit<LlamaCppGenerateRequest, "signal" | "onTextChunk" | "onQueued">;

const TEXT_ID = "text-0";

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

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { request, warnings } = await this.prepare(options);
    const engine = await this.config.engine();
    const result = await engine.generate({ ...request, signal: options.abortSignal });
    return {
      content: result.text === "" ? [] : [{ type: "text", text: result.text }],
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
        let textStarted = false;
        const startText = () => {
          if (textStarted) return;
          textStarted = true;
          enqueue({ type: "text-start", id: TEXT_ID });
        };

        engine
          .generate({
            ...request,
            signal: abort.signal,
            onTextChunk: (delta) => {
              startText();
              enqueue({ type: "text-delta", id: TEXT_ID, delta });
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
              if (textStarted) enqueue({ type: "text-end", id: TEXT_ID });
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
    const warnings: SharedV4Warning[] = [];
    if (options.tools?.length) warnings.push({ type: "unsupported", feature: "tools" });
    if (options.tools?.length && options.toolChoice) {
      warnings.push({ type: "unsupported", feature: "toolChoice" });
    }

    const llamaOptions = await parseProviderOptions({
      provider: "llamaCpp",
      providerOptions: options.providerOptions,
      schema: llamaCppChatOptionsSchema,
    });

    const request: PreparedRequest = {
      messages: convertToLlamaCppMessages(options.prompt),
      maxTokens: options.maxOutputTokens,
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
      json:
        options.responseFormat?.type === "json"
          ? { schema: options.responseFormat.schema }
          : undefined,
    };
    return { request, warnings };
  }

  private responseMetadata() {
    return {
      id: (this.config.generateId ?? generateId)(),
      modelId: this.modelId,
      timestamp: new Date(),
    };
  }
}

function providerMetadataOf(result: LlamaCppGenerateResult): SharedV4ProviderMetadata | undefined {
  return result.droppedMessages === undefined
    ? undefined
    : { llamaCpp: { droppedMessages: result.droppedMessages } };
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
      text: usage.completionTokens,
      reasoning: undefined,
    },
  };
}
