import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { streamText } from "ai";
import {
  type ChatHistoryItem,
  GeneralChatWrapper,
  getLlama,
  type Llama,
  LlamaChat,
  type LlamaContext,
  type LlamaModel,
  TokenMeter,
} from "node-llama-cpp";
import { createLlamaCpp, type LlamaCppProvider } from "../lib/models/llama-cpp";

export interface BenchSettings {
  modelPath: string;
  /** Always explicit: left unset, node-llama-cpp uses 4 threads on 2 cores and decodes ~100x slower. */
  threads: number;
  contextSize: number;
  maxTokens: number;
  userText: string;
}

/** One timed request on a cold sequence. */
export interface Sample {
  /** Request start to the first text chunk. */
  ttftMs: number;
  /** Request start to the end of the reply. */
  totalMs: number;
  /**
   * CPU time of this process during the request (all threads: JS, llama.cpp, GC). Unlike the wall
   * times it hardly moves when other processes compete for the CPUs.
   */
  cpuMs: number;
  outputTokens: number;
  /** Tokens after the first one, over the time after the first chunk. */
  decodeTokPerS: number;
  /** Prompt tokens the model evaluated (all of them: the sequence starts empty). */
  promptTokens: number;
  chunks: number;
  text: string;
}

/**
 * One way of running the request. Every round calls `setUp` (fresh model + context, nothing timed),
 * `measure` (the timed request) and `tearDown`, so each measured request starts cold: the
 * sequence holds no tokens and the whole prompt is evaluated.
 */
export interface Contender {
  readonly id: "raw" | "ours-doStream" | "ours-streamText";
  readonly label: string;
  setUp(): Promise<void>;
  measure(): Promise<Sample>;
  tearDown(): Promise<void>;
}

const now = () => performance.now();

interface Clock {
  wall: number;
  cpu: NodeJS.CpuUsage;
}

const startClock = (): Clock => ({ wall: now(), cpu: process.cpuUsage() });

function sample(
  start: Clock,
  firstChunk: number | undefined,
  fields: Omit<Sample, "ttftMs" | "totalMs" | "cpuMs" | "decodeTokPerS">,
): Sample {
  const end = now();
  const cpu = process.cpuUsage(start.cpu);
  if (firstChunk === undefined) throw new Error("the model produced no text");
  return {
    ...fields,
    ttftMs: firstChunk - start.wall,
    totalMs: end - start.wall,
    cpuMs: (cpu.user + cpu.system) / 1000,
    decodeTokPerS: ((fields.outputTokens - 1) * 1000) / (end - firstChunk),
  };
}

/** node-llama-cpp used directly, the way its documentation shows: LlamaChat over one sequence. */
export function rawContender(settings: BenchSettings): Contender & { dispose(): Promise<void> } {
  let llama: Llama | undefined;
  let model: LlamaModel | undefined;
  let context: LlamaContext | undefined;
  let chat: LlamaChat | undefined;
  const history: ChatHistoryItem[] = [
    { type: "user", text: settings.userText },
    { type: "model", response: [] },
  ];

  return {
    id: "raw",
    label: "raw node-llama-cpp (LlamaChat)",
    async setUp() {
      llama ??= await getLlama({ gpu: false });
      // A fresh model per round, as our provider loads one per createLlamaCpp(): same mmap state.
      model = await llama.loadModel({ modelPath: settings.modelPath });
      context = await model.createContext({
        threads: settings.threads,
        contextSize: settings.contextSize,
        sequences: 1,
      });
      chat = new LlamaChat({
        contextSequence: context.getSequence(),
        chatWrapper: new GeneralChatWrapper(),
      });
    },
    async measure() {
      if (!chat || !model) throw new Error("setUp first");
      if (chat.sequence.contextTokens.length !== 0) throw new Error("the sequence is not cold");
      const promptTokens = chat.chatWrapper
        .generateContextState({ chatHistory: history })
        .contextText.tokenize(model.tokenizer).length;
      const meterBefore = chat.sequence.tokenMeter.getState();
      let firstChunk: number | undefined;
      let chunks = 0;
      const start = startClock();
      const response = await chat.generateResponse(history, {
        maxTokens: settings.maxTokens,
        temperature: 0,
        // What our provider sends when a request names no penalty (node-llama-cpp's own default
        // is a 1.1 penalty over the last 64 tokens, which changes the greedy text).
        repeatPenalty: false,
        onTextChunk: () => {
          firstChunk ??= now();
          chunks++;
        },
      });
      const used = TokenMeter.diff(chat.sequence.tokenMeter, meterBefore);
      return sample(start, firstChunk, {
        outputTokens: used.usedOutputTokens,
        promptTokens,
        chunks,
        text: response.response,
      });
    },
    async tearDown() {
      chat?.dispose();
      await context?.dispose();
      await model?.dispose();
      chat = undefined;
      context = undefined;
      model = undefined;
    },
    async dispose() {
      await llama?.dispose();
    },
  };
}

function userPrompt(settings: BenchSettings): LanguageModelV4CallOptions["prompt"] {
  return [{ role: "user", content: [{ type: "text", text: settings.userText }] }];
}

/** Our provider (createLlamaCpp), one model and one sequence, as the app configures it. */
function oursContender(
  settings: BenchSettings,
  id: "ours-doStream" | "ours-streamText",
  measureWith: (model: LanguageModelV4) => Promise<Sample>,
): Contender {
  let provider: LlamaCppProvider | undefined;
  let model: LanguageModelV4 | undefined;
  return {
    id,
    label: id === "ours-doStream" ? "ours: model.doStream" : "ours: AI SDK streamText",
    async setUp() {
      provider = createLlamaCpp({
        threads: settings.threads,
        contextSize: settings.contextSize,
        sequences: 1,
        fallbackChatWrapper: "general",
      });
      model = provider(settings.modelPath);
      await loadWithoutEvaluating(model, settings);
    },
    async measure() {
      if (!model) throw new Error("setUp first");
      return measureWith(model);
    },
    async tearDown() {
      await provider?.dispose();
      provider = undefined;
      model = undefined;
    },
  };
}

/**
 * The provider loads a model on its first request. An already aborted request makes it load
 * (model, context, LlamaChat) and then stop before it takes a sequence, so nothing is evaluated.
 */
async function loadWithoutEvaluating(model: LanguageModelV4, settings: BenchSettings) {
  const { stream } = await model.doStream({
    prompt: userPrompt(settings),
    abortSignal: AbortSignal.abort(),
  });
  const reader = stream.getReader();
  try {
    while (!(await reader.read()).done) {}
  } catch {
    // The abort ends the stream with an error, as intended.
  }
}

export function oursDoStreamContender(settings: BenchSettings): Contender {
  return oursContender(settings, "ours-doStream", async (model) => {
    let firstChunk: number | undefined;
    let chunks = 0;
    let text = "";
    let outputTokens: number | undefined;
    let inputTokens: { total?: number; cacheRead?: number } = {};
    const start = startClock();
    const { stream } = await model.doStream({
      prompt: userPrompt(settings),
      maxOutputTokens: settings.maxTokens,
      temperature: 0,
    });
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === "text-delta") {
        firstChunk ??= now();
        chunks++;
        text += value.delta;
      } else if (value.type === "finish") {
        outputTokens = value.usage.outputTokens.total;
        inputTokens = value.usage.inputTokens;
      } else if (value.type === "error") {
        throw value.error;
      }
    }
    return sample(start, firstChunk, {
      outputTokens: checkedUsage(outputTokens, inputTokens),
      promptTokens: inputTokens.total ?? 0,
      chunks,
      text,
    });
  });
}

export function oursStreamTextContender(settings: BenchSettings): Contender {
  return oursContender(settings, "ours-streamText", async (model) => {
    let firstChunk: number | undefined;
    let chunks = 0;
    let text = "";
    let outputTokens: number | undefined;
    let inputTokens: { total?: number; cacheRead?: number } = {};
    const start = startClock();
    const result = streamText({
      model,
      messages: [{ role: "user", content: settings.userText }],
      maxOutputTokens: settings.maxTokens,
      temperature: 0,
    });
    for await (const part of result.stream) {
      if (part.type === "text-delta") {
        firstChunk ??= now();
        chunks++;
        text += part.text;
      } else if (part.type === "finish") {
        outputTokens = part.totalUsage.outputTokens;
        inputTokens = {
          total: part.totalUsage.inputTokens,
          cacheRead: part.totalUsage.inputTokenDetails.cacheReadTokens,
        };
      } else if (part.type === "error") {
        throw part.error;
      }
    }
    return sample(start, firstChunk, {
      outputTokens: checkedUsage(outputTokens, inputTokens),
      promptTokens: inputTokens.total ?? 0,
      chunks,
      text,
    });
  });
}

function checkedUsage(
  outputTokens: number | undefined,
  inputTokens: { total?: number; cacheRead?: number },
): number {
  if (outputTokens === undefined) throw new Error("the stream reported no usage");
  if (inputTokens.cacheRead) {
    throw new Error(`the sequence is not cold: ${inputTokens.cacheRead} prompt tokens were cached`);
  }
  return outputTokens;
}
