import { availableParallelism, freemem } from "node:os";
import { basename } from "node:path";
import {
  type ChatModelFunctions,
  type ChatWrapper,
  type Llama,
  LlamaChat,
  type LlamaContext,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
  TokenMeter,
} from "node-llama-cpp";
import type {
  LlamaCppDecode,
  LlamaCppDevice,
  LlamaCppEngine,
  LlamaCppGenerateRequest,
  LlamaCppGenerateResult,
  LlamaCppGpu,
  LlamaCppMessage,
  LlamaCppPromptRequest,
  LlamaCppQueueOrder,
  LlamaCppTools,
} from "../llama-cpp-engine";
import { LlamaCppError } from "../llama-cpp-error";
import { shareBatchStrategy, threadsForBatches } from "./batch-threads";
import { toChatHistory } from "./chat-history";
import {
  canTurnThinkingOff,
  chooseChatWrapper,
  type FallbackChatWrapperName,
} from "./choose-chat-wrapper";
import { defaultContextSize } from "./default-context-size";
import { flashAttentionSuits } from "./flash-attention";
import { forcingChatWrapper } from "./forcing-chat-wrapper";
import {
  formatMegabytes,
  type KvCacheShape,
  kvCacheBytesPerToken,
  kvCacheShapeOf,
} from "./kv-cache-size";
import { loadModelFile } from "./load-model-file";
import { measureThreads, quickDecodeSpeed } from "./measure-threads";
import { longestTokenOf, minimumPromptTokens } from "./minimum-prompt-tokens";
import { OwnedChat } from "./owned-chat";
import { PrefillGate } from "./prefill-gate";
import { commonPrefixLength } from "./prefix-reuse";
import { RecentAskers } from "./recent-askers";
import { runChat } from "./run-chat";
import { SequencePool } from "./sequence-pool";
import { sharedLlama } from "./shared-llama";
import {
  describeThreadPlan,
  fixedThreads,
  maxThreadsOf,
  type ThreadPlan,
  threadsForBatch,
} from "./thread-plan";
import {
  BUSY_LOAD_PER_CORE,
  decideThreadPlan,
  loadPerCore,
  readThreadPlan,
  type ThreadPlanKeeping,
  threadPlanKey,
  writeThreadPlan,
} from "./thread-plan-cache";
import { neverTrimmed, trimOldest } from "./trim-oldest";

export interface NodeLlamaCppEngineOptions {
  /** A GGUF file on disk (see resolve-model-file.ts for URIs). */
  modelPath: string;
  /**
   * One count for every batch, or a plan (a count per batch size; a benchmark gives several
   * engines the same). Unset: a plan measured once at load.
   */
  threads?: number | ThreadPlan;
  /** Tokens per sequence. Unset: see default-context-size.ts (model, 4096, free memory). */
  contextSize?: number;
  /** Requests served at once; each gets its own sequence. */
  sequences: number;
  /**
   * How the sequences decode (decision 0010): `batched`, one context whose sequences decode
   * together in one batch per step (what a GPU is fast at); `parallel`, a context per sequence,
   * decoded side by side on their own threads (faster on a CPU, whose batched kernels cost more
   * per token than its one-token path). Default: `batched` on a GPU, `parallel` on the CPU.
   */
  decode?: LlamaCppDecode;
  /** Requests that may wait for a sequence; more are refused with `queue-full`. Default 64. */
  maxQueue?: number;
  /** Whom a released sequence goes to when requests wait. Default `fair`. */
  queueOrder?: LlamaCppQueueOrder;
  /**
   * Keeps the last free sequence for an owner who holds none (sequence-pool.ts): someone new
   * starts at once while another floods, and one owner alone gets every sequence but one.
   */
  reserveSequence?: boolean;
  /**
   * In parallel decoding, holds the other contexts' batches while the prompt of someone who holds
   * no other sequence is evaluated, on the threads the plan gives its batch (prefill-gate.ts,
   * decision 0013): a newcomer's time to first token stays near its time alone beside a flood.
   * Default on; ignored in batched decoding (the prompt shares the others' batch there).
   */
  prefillPriority?: boolean;
  /** The longest the others wait for one newcomer's prompt. Default 3 s (prefill-gate.ts). */
  prefillMaxPauseMs?: number;
  fallbackChatWrapper: FallbackChatWrapperName;
  /**
   * Where measured thread plans are kept (per model file and machine) and whether to measure
   * again now. Without a file, the plan is measured at every load.
   */
  threadPlan?: ThreadPlanKeeping;
  /** Default `auto`: a GPU when node-llama-cpp finds one, else the CPU. */
  gpu?: LlamaCppGpu;
  /** Model layers on the GPU: `auto` (what fits, node-llama-cpp decides), `max`, or a count. */
  gpuLayers?: "auto" | "max" | number;
  onLoadProgress?: (fraction: number) => void;
  log?: (message: string) => void;
}

export async function loadNodeLlamaCppEngine(
  options: NodeLlamaCppEngineOptions,
): Promise<LlamaCppEngine> {
  const log = options.log ?? (() => {});
  const { llama, fallbackReason } = await sharedLlama(options.gpu ?? "auto");
  if (fallbackReason) log(`running on the CPU: ${fallbackReason}`);
  const onGpu = llama.gpu !== false;
  const model = await loadModelFile(
    llama,
    options,
    (cause) =>
      new LlamaCppError({
        code: "model-load-failed",
        message: `Could not load the model ${options.modelPath}: ${String(cause)}`,
        cause,
      }),
  );

  // The thread plan is measured for the CPU path only; on a GPU node-llama-cpp's default serves.
  const threads =
    options.threads !== undefined
      ? typeof options.threads === "number"
        ? fixedThreads(options.threads)
        : options.threads
      : onGpu
        ? undefined
        : await planThreads(model, options.modelPath, options.threadPlan ?? {}, log);
  const device = await describeDevice(llama, model, fallbackReason);
  const kvShape = kvCacheShapeOf(model.fileInfo.metadata as unknown as Record<string, unknown>);
  const contextSize =
    options.contextSize ??
    defaultContextSize({
      trainContextSize: model.trainContextSize,
      kvBytesPerToken: kvShape && kvCacheBytesPerToken(kvShape),
      sequences: options.sequences,
      freeMemoryBytes: freemem(),
    });
  const decode = options.decode ?? (onGpu ? "batched" : "parallel");
  const parallel = decode === "parallel" && options.sequences > 1;
  /** Requests holding a sequence: in parallel decoding, the contexts that decode now. */
  let generating = 0;
  /** Keyed by the context's index in `contexts`. */
  const gate =
    parallel && (options.prefillPriority ?? true)
      ? new PrefillGate<number>({ maxPauseMs: options.prefillMaxPauseMs })
      : undefined;
  /** Who asked lately, and who holds each context: slices only protect someone else. */
  const askers = new RecentAskers();
  const ownerOfContext = new Map<number, string>();
  /** Contexts decoding now: while the gate is shut, only the prompts going first. */
  const decodingNow = () => (gate?.shut ? gate.prioritized : generating);
  const batching = {
    // One sequence per context has nothing to share a batch with.
    ...(parallel ? {} : { itemPrioritizationStrategy: shareBatchStrategy }),
    ...(threads
      ? { threadsForBatch: threadsForBatches(threads, parallel ? decodingNow : undefined) }
      : {}),
  };
  const contexts: LlamaContext[] = [];
  for (let made = 0; made < (parallel ? options.sequences : 1); made++) {
    contexts.push(
      await model.createContext({
        contextSize,
        sequences: parallel ? 1 : options.sequences,
        ...(threads ? { threads: { ideal: maxThreadsOf(threads), min: 1 } } : {}),
        batching: gate
          ? {
              ...batching,
              dispatchSchedule: gate.scheduleFor(made),
              itemPrioritizationStrategy: gate.strategyFor(
                made,
                () => generating > 1 && askers.anyoneBut(ownerOfContext.get(made) ?? ""),
              ),
            }
          : batching,
        ...(flashAttentionSuits(kvShape) ? {} : { flashAttention: false }),
      }),
    );
  }
  const chatWrapper = chooseChatWrapper(model, options.fallbackChatWrapper);
  const chats = contexts.flatMap((context) =>
    Array.from(
      { length: context.totalSequences },
      () => new LlamaChat({ contextSequence: context.getSequence(), chatWrapper }),
    ),
  );
  const pool = new SequencePool(
    chats.map((chat) => new OwnedChat(chat)),
    {
      maxWaiting: options.maxQueue ?? 64,
      order: options.queueOrder ?? "fair",
      reserve: options.reserveSequence ?? false,
    },
  );
  /** Tokens per sequence: the same in every context. */
  const sequenceSize = contexts[0]?.contextSize ?? contextSize;
  log(
    `model ${basename(options.modelPath)}: chat format ${chatWrapper.wrapperName}, ` +
      `${options.sequences} sequences of ${sequenceSize} tokens, ` +
      `${parallel ? "decoded in parallel (a context each)" : "decoded in batches (one context)"}, ` +
      `${gate ? "a newcomer's prompt first, " : ""}` +
      `${describeDeviceLine(device)}, ` +
      `${threads ? describeThreadPlan(threads) : "threads: node-llama-cpp's default"}; ` +
      describeKvCache(kvShape, sequenceSize, options.sequences),
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

  /**
   * Tool schemas already known to make a grammar (a call's arguments are bound by it), per owner:
   * how long the check takes must not tell one owner which schemas another has sent.
   */
  const checkedToolSchemas = new Set<string>();
  /** A tool whose schema cannot constrain its arguments is the caller's mistake, named as such. */
  async function checkToolSchemas(tools: LlamaCppTools, owner: string): Promise<void> {
    for (const [name, fn] of Object.entries(tools.functions)) {
      const key = JSON.stringify([owner, fn.params]);
      if (checkedToolSchemas.has(key)) continue;
      try {
        // biome-ignore lint/suspicious/noExplicitAny: checked here, by node-llama-cpp itself.
        await llama.createGrammarForJsonSchema(fn.params as any);
      } catch (cause) {
        throw new LlamaCppError({
          code: "invalid-tool-schema",
          message: `The parameters of tool '${name}' cannot constrain its arguments: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        });
      }
      // Bounded: an open /v1 can be sent any number of distinct schemas.
      if (checkedToolSchemas.size >= 256) checkedToolSchemas.clear();
      checkedToolSchemas.add(key);
    }
  }

  let thinkingOffWrapper: ChatWrapper | undefined;
  /** The chat format a request renders with: thinking off where the format can do that. */
  function wrapperFor(request: LlamaCppPromptRequest): ChatWrapper {
    if (request.reasoning?.mode !== "off" || !canTurnThinkingOff(chatWrapper)) return chatWrapper;
    thinkingOffWrapper ??= chooseChatWrapper(model, options.fallbackChatWrapper, {
      thinking: false,
    });
    return thinkingOffWrapper;
  }

  /**
   * The prompt as the model sees it: the chat format's rendering of the messages, with the
   * request's tools documented as generateResponse documents them, tokenized.
   */
  function renderer(wrapper: ChatWrapper, functions: ChatModelFunctions | undefined) {
    const renderTokens = (messages: LlamaCppMessage[]): Token[] =>
      wrapper
        .generateContextState({
          chatHistory: toChatHistory(messages, wrapper),
          availableFunctions: functions,
          documentFunctionParams: functions ? true : undefined,
        })
        .contextText.tokenize(model.tokenizer);
    let empty: number | undefined;
    return {
      renderTokens,
      render: lastValueMemo(renderTokens),
      /** The format's markup around no messages at all (what a message adds is beyond it). */
      emptyPromptTokens: () => {
        empty ??= renderTokens([]).length;
        return empty;
      },
    };
  }
  /** Renderers of requests without tools, one per chat format: the common case, made once. */
  const plainRenderers = new Map<ChatWrapper, ReturnType<typeof renderer>>();
  function rendererFor(wrapper: ChatWrapper, functions: ChatModelFunctions | undefined) {
    if (functions) return renderer(wrapper, functions);
    let plain = plainRenderers.get(wrapper);
    if (!plain) {
      plain = renderer(wrapper, undefined);
      plainRenderers.set(wrapper, plain);
    }
    return plain;
  }

  const longestToken = longestTokenOf(
    model.fileInfo.metadata as unknown as Record<string, unknown>,
  );
  /**
   * A prompt that cannot fit whatever it renders to is refused before it is rendered: when even
   * its fewest possible tokens leave no room for a reply. (Short of that, the exact count below
   * decides, and says how many tokens: clients read the numbers to shrink the request.)
   */
  function refuseWhatCannotFit(request: LlamaCppGenerateRequest, reply: number): void {
    if (longestToken === undefined) return;
    const kept =
      request.overflow === "trim-oldest" ? neverTrimmed(request.messages) : request.messages;
    const prompt = minimumPromptTokens(kept, longestToken);
    if (prompt < sequenceSize) return;
    throw new LlamaCppError({
      code: "context-length-exceeded",
      message:
        `The conversation needs at least ${prompt} tokens of prompt, more than the model's ` +
        `context of ${sequenceSize}.`,
      overflow: { promptTokens: prompt, replyTokens: reply, contextTokens: sequenceSize },
    });
  }

  /** The messages that go to the model, trimmed if the request allows it, and their tokens. */
  function fitToContext(
    request: LlamaCppGenerateRequest,
    { render, renderTokens, emptyPromptTokens }: ReturnType<typeof renderer>,
  ) {
    // The room the reply needs: at least one token when it may be shortened to fit.
    const reply = request.shortenToFit ? 1 : (request.maxTokens ?? 1);
    refuseWhatCannotFit(request, reply);
    let messages = request.messages;
    let droppedMessages: number | undefined;
    if (request.overflow === "trim-oldest") {
      const trimmed = trimOldest(messages, {
        budget: sequenceSize - reply,
        promptTokens: (candidate) => render(candidate).length,
        // With the chat format's markup around it.
        messageTokens: (message) => renderTokens([message]).length - emptyPromptTokens(),
      });
      messages = trimmed?.messages ?? messages;
      droppedMessages = trimmed?.dropped ?? 0;
    }
    const promptTokens = render(messages);
    // Without trim-oldest, trimming a conversation to fit is the caller's choice (the page and
    // the API differ); a silent context shift would drop messages nobody chose to drop.
    if (promptTokens.length + reply > sequenceSize) {
      throw new LlamaCppError({
        code: "context-length-exceeded",
        message:
          `The conversation needs ${promptTokens.length + reply} tokens (${promptTokens.length} of prompt and ` +
          `${reply} for the reply), more than the model's context of ${sequenceSize}.`,
        overflow: {
          promptTokens: promptTokens.length,
          replyTokens: reply,
          contextTokens: sequenceSize,
        },
      });
    }
    return { messages, promptTokens, droppedMessages };
  }

  async function generate(request: LlamaCppGenerateRequest): Promise<LlamaCppGenerateResult> {
    const grammar = request.json ? await grammarFor(request.json) : undefined;
    const wrapper = wrapperFor(request);
    const tools = request.tools;
    if (tools) await checkToolSchemas(tools, request.cacheOwner);
    const functions = tools && toChatModelFunctions(tools.functions);
    const { messages, promptTokens, droppedMessages } = fitToContext(
      request,
      rendererFor(wrapper, functions),
    );
    // The free sequence that already holds the most of this prompt (the same conversation's
    // previous turn), so that only the new tokens are evaluated: among this owner's sequences
    // only (owned-chat.ts). When none is free, the owner waits its turn among the others.
    const owner = request.cacheOwner;
    askers.asked(owner ?? "");
    const pooled = await pool.acquire({
      owner,
      signal: request.signal,
      score: (candidate) => candidate.reusableTokens(owner, promptTokens),
      onPlace: request.onQueued,
    });
    const forced = tools !== undefined && tools.choice !== "auto";
    let chat: LlamaChat | undefined;
    /** Ends this prompt's priority, if it has one (idempotent). */
    let endPriority: (() => void) | undefined;
    generating++;
    try {
      await pooled.claim(owner);
      const sequence = pooled.chat.sequence;
      ownerOfContext.set(contexts.indexOf(sequence.context), owner ?? "");
      // Someone new to the model (no other sequence held, the fair order's newcomer): the others
      // wait while its prompt is evaluated, until its first text (or thought, or call) is out —
      // not its first sampled token: the chat format holds back tokens that may begin a stop
      // sequence, and what the person waits for is what they see.
      let running = request;
      if (gate && pool.heldBy(owner) === 1) {
        let shown = false;
        const end = gate.prioritize(contexts.indexOf(sequence.context), () => shown);
        endPriority = end;
        running = onFirstOutput(request, () => {
          shown = true;
          end();
        });
      }
      // The pooled chat speaks the default format; another (forced call, thinking off) gets a
      // short-lived LlamaChat on the same sequence, which keeps its cache.
      chat =
        wrapper === chatWrapper && !forced
          ? pooled.chat
          : new LlamaChat({
              contextSequence: sequence,
              chatWrapper: forced && functions ? forcingChatWrapper(wrapper, functions) : wrapper,
            });
      // What the sequence already holds of this prompt is reused, not evaluated again; the last
      // prompt token always is (its logits give the first token of the reply).
      const cachedPromptTokens = Math.min(
        commonPrefixLength(sequence.contextTokens, promptTokens),
        promptTokens.length - 1,
      );
      const meterBefore = sequence.tokenMeter.getState();
      const callable =
        tools && functions && typeof tools.choice === "object"
          ? pick(functions, tools.choice.name)
          : functions;
      const run = await runChat(chat, toChatHistory(messages, wrapper), running, {
        functions: callable,
        // A forced call is one call unless the request allows more: a weak model in a format
        // with parallel calls would otherwise go on calling until the token limit.
        maxCalls: tools?.maxCalls ?? (forced ? 1 : undefined),
        thoughtTokens: thoughtBudget(request, wrapper),
        grammar,
        // The reply may use what is left of the context at most, and ends there (`max-tokens`),
        // never in a context shift that drops earlier messages.
        maxTokens: Math.min(
          request.maxTokens ?? Number.POSITIVE_INFINITY,
          sequenceSize - promptTokens.length,
        ),
      });
      const used = TokenMeter.diff(sequence.tokenMeter, meterBefore);
      return {
        text: run.text,
        reasoning: run.reasoning,
        functionCalls: run.functionCalls,
        stopReason: run.stopReason,
        ...(run.stopSequence === undefined ? {} : { stopSequence: run.stopSequence }),
        usage: {
          promptTokens: promptTokens.length,
          cachedPromptTokens,
          completionTokens: used.usedOutputTokens,
          reasoningTokens: run.reasoningTokens,
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
      endPriority?.();
      askers.asked(owner ?? "");
      ownerOfContext.delete(contexts.indexOf(pooled.chat.sequence.context));
      if (chat && chat !== pooled.chat) chat.dispose();
      generating--;
      pool.release(pooled);
    }
  }

  /** The same rendering `fitToContext` measures, without trimming or a sequence. */
  function countPromptTokens(request: LlamaCppPromptRequest): number {
    const functions = request.tools && toChatModelFunctions(request.tools.functions);
    return rendererFor(wrapperFor(request), functions).renderTokens(request.messages).length;
  }

  return {
    modelName: basename(options.modelPath),
    device,
    generate,
    countPromptTokens,
    async dispose() {
      gate?.openAll();
      for (const chat of chats) chat.dispose();
      for (const context of contexts) await context.dispose();
      await model.dispose();
    },
  };
}

async function describeDevice(
  llama: Llama,
  model: LlamaModel,
  fallbackReason: string | undefined,
): Promise<LlamaCppDevice> {
  if (llama.gpu === false) {
    return {
      backend: "cpu",
      names: [],
      gpuLayers: 0,
      ...(fallbackReason ? { fallbackReason } : {}),
    };
  }
  const vram = await llama.getVramState();
  return {
    backend: llama.gpu,
    names: await llama.getGpuDeviceNames(),
    gpuLayers: model.gpuLayers,
    vramUsedBytes: vram.used,
  };
}

function describeDeviceLine(device: LlamaCppDevice): string {
  if (device.backend === "cpu") return "on the CPU";
  const vram =
    device.vramUsedBytes === undefined
      ? ""
      : `, ${formatMegabytes(device.vramUsedBytes)} of GPU memory`;
  return `on ${device.backend} (${device.names.join(", ") || "GPU"}), ${device.gpuLayers} layers offloaded${vram}`;
}

async function planThreads(
  model: LlamaModel,
  modelPath: string,
  cache: ThreadPlanKeeping,
  log: (message: string) => void,
): Promise<ThreadPlan> {
  // Another model's plan may have lowered the per-process limit; candidates must not be clamped.
  model.llama.maxThreads = Math.max(model.llama.maxThreads, availableParallelism());
  const key = cache.file ? await threadPlanKey(modelPath) : undefined;
  const cached = cache.file && key ? await readThreadPlan(cache.file, key) : undefined;
  const check =
    cached && !cache.remeasure
      ? await quickDecodeSpeed(model, threadsForBatch(cached.plan, 1))
      : undefined;
  const decision = decideThreadPlan({
    cached,
    remeasure: cache.remeasure ?? false,
    checkTokensPerSecond: check,
    load: loadPerCore(),
  });
  if (decision.use === "cached" && cached) {
    log(
      `threads: ${describeThreadPlan(cached.plan)}, the plan kept in ${cache.file}, ${decision.why}`,
    );
    return cached.plan;
  }
  const load = loadPerCore();
  const measured = await measureThreads(model);
  log(
    `threads measured${cache.file ? ` (${decision.why})` : ""} (tokens/s by batch size, then by threads): ${JSON.stringify(measured.tokensPerSecond)}`,
  );
  if (cache.file && key) {
    if (load >= (cache.busyLoadPerCore ?? BUSY_LOAD_PER_CORE)) {
      log(
        `threads: plan not kept, the machine was busy (load ${load.toFixed(2)} per core); it is measured again at the next start`,
      );
    } else {
      await writeThreadPlan(cache.file, key, {
        plan: measured.plan,
        decodeTokensPerSecond:
          measured.tokensPerSecond[1]?.[threadsForBatch(measured.plan, 1)] ?? 0,
        tokensPerSecond: measured.tokensPerSecond,
        measuredAt: new Date().toISOString(),
        loadPerCore: Number(load.toFixed(2)),
      }).catch((error: unknown) =>
        log(`threads: could not keep the plan in ${cache.file}: ${String(error)}`),
      );
    }
  }
  return measured.plan;
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

/** The request, calling `first` once before its first text, thought or call chunk goes out. */
function onFirstOutput(
  request: LlamaCppGenerateRequest,
  first: () => void,
): LlamaCppGenerateRequest {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    first();
  };
  return {
    ...request,
    onTextChunk: (text) => {
      once();
      request.onTextChunk?.(text);
    },
    onReasoningChunk: (text) => {
      once();
      request.onReasoningChunk?.(text);
    },
    onFunctionCallChunk: (call) => {
      once();
      request.onFunctionCallChunk?.(call);
    },
  };
}

/** Remembers the last argument and result: the fitting check renders the same messages twice. */
function lastValueMemo<A, R>(compute: (argument: A) => R): (argument: A) => R {
  let last: { argument: A; result: R } | undefined;
  return (argument) => {
    if (last?.argument !== argument) last = { argument, result: compute(argument) };
    return last.result;
  };
}

function toChatModelFunctions(functions: LlamaCppTools["functions"]): ChatModelFunctions {
  return Object.fromEntries(
    Object.entries(functions).map(([name, fn]) => [
      name,
      // biome-ignore lint/suspicious/noExplicitAny: a JSON schema from a validated request; node-llama-cpp turns it into a grammar.
      { description: fn.description, params: fn.params as any },
    ]),
  );
}

function pick(functions: ChatModelFunctions, name: string): ChatModelFunctions {
  const fn = functions[name];
  return fn ? { [name]: fn } : {};
}

/**
 * Thought tokens a reply may spend: the request's budget, none when thinking is off in a format
 * that cannot switch it off (a budget of 0 lets one token through), else no cap.
 */
function thoughtBudget(request: LlamaCppGenerateRequest, wrapper: ChatWrapper): number {
  const reasoning = request.reasoning;
  if (reasoning?.mode === "budget") return reasoning.tokens;
  if (reasoning?.mode === "off" && !canTurnThinkingOff(wrapper)) return 0;
  return Number.POSITIVE_INFINITY;
}
