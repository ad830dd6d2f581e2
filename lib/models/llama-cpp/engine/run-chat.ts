import type {
  ChatHistoryItem,
  ChatModelFunctions,
  LlamaChat,
  LlamaChatResponse,
  LlamaChatResponseChunk,
  LlamaChatResponseFunctionCallParamsChunk,
  LlamaGrammar,
} from "node-llama-cpp";
import type {
  LlamaCppFunctionCall,
  LlamaCppGenerateRequest,
  LlamaCppStopReason,
} from "../llama-cpp-engine";

export interface ChatRunOptions {
  /** The functions the model may call now (one, when a named tool is forced). */
  functions?: ChatModelFunctions;
  maxCalls?: number;
  /** Thought tokens allowed; Infinity for no cap. */
  thoughtTokens: number;
  grammar?: LlamaGrammar;
  maxTokens: number;
}

export interface ChatRun {
  text: string;
  reasoning: string;
  reasoningTokens: number;
  functionCalls: LlamaCppFunctionCall[];
  stopReason: LlamaCppStopReason;
  /** With `stop-sequence`: the one of the request's stop sequences that ended the reply. */
  stopSequence?: string;
}

/**
 * One reply from node-llama-cpp's LlamaChat: streams text, thinking (thought segments) and each
 * call's arguments as they are written, and collects them. A call's arguments come with the
 * grammar's end marker (four newlines), which is held back and dropped.
 */
export async function runChat(
  chat: LlamaChat,
  history: ChatHistoryItem[],
  request: LlamaCppGenerateRequest,
  options: ChatRunOptions,
): Promise<ChatRun> {
  let reasoning = "";
  let reasoningTokens = 0;
  /** Each call's arguments so far, as written, and how much of them was passed on. */
  const calls: Array<{ name: string; written: string; sent: number }> = [];
  const { sampling } = request;

  const onFunctionCallParamsChunk = ({
    callIndex,
    functionName,
    paramsChunk,
    done,
  }: LlamaChatResponseFunctionCallParamsChunk) => {
    const call = calls[callIndex] ?? { name: functionName, written: "", sent: 0 };
    calls[callIndex] = call;
    call.written += paramsChunk;
    const visible = withoutEndMarker(call.written);
    if (visible.length > call.sent) {
      request.onFunctionCallChunk?.({
        index: callIndex,
        name: functionName,
        paramsText: visible.slice(call.sent),
      });
      call.sent = visible.length;
    }
    if (done) call.written = visible;
  };
  const common = {
    signal: request.signal,
    stopOnAbortSignal: false,
    maxTokens: options.maxTokens,
    temperature: sampling.temperature,
    topP: sampling.topP,
    topK: sampling.topK,
    minP: sampling.minP,
    seed: sampling.seed,
    repeatPenalty: repeatPenaltyOf(sampling),
    customStopTriggers: request.stopSequences.length > 0 ? request.stopSequences : undefined,
    // Always with `thoughtTokens`: a `budgets` without it caps thinking at half the context.
    budgets: { thoughtTokens: options.thoughtTokens },
    onTextChunk: request.onTextChunk,
    onResponseChunk: (chunk: LlamaChatResponseChunk) => {
      if (chunk.type !== "segment" || chunk.segmentType !== "thought") return;
      reasoningTokens += chunk.tokens.length;
      if (chunk.text === "") return;
      reasoning += chunk.text;
      request.onReasoningChunk?.(chunk.text);
    },
  };

  // node-llama-cpp takes a grammar or functions, never both (the provider refuses the mix).
  const response = options.functions
    ? await chat.generateResponse(history, {
        ...common,
        functions: options.functions,
        documentFunctionParams: true,
        maxParallelFunctionCalls: options.maxCalls,
        onFunctionCallParamsChunk,
      })
    : await chat.generateResponse(history, { ...common, grammar: options.grammar });

  const functionCalls = (response.functionCalls ?? []).map((call, index) => ({
    name: call.functionName,
    paramsText: calls[index] ? withoutEndMarker(calls[index].written) : JSON.stringify(call.params),
  }));
  const stopReason =
    // Calls cut short by the token limit come back too: a reply with calls is a call.
    functionCalls.length > 0 ? "function-calls" : stopReasonOf(response.metadata.stopReason);
  const { metadata } = response;
  return {
    text: response.response,
    reasoning,
    reasoningTokens,
    functionCalls,
    stopReason,
    ...(stopReason === "stop-sequence" && metadata.stopReason === "customStopTrigger"
      ? {
          stopSequence: metadata.customStopTrigger
            .filter((piece) => typeof piece === "string")
            .join(""),
        }
      : {}),
  };
}

/** The params grammar ends a call's arguments with four newlines; JSON never needs them. */
function withoutEndMarker(text: string): string {
  return text.replace(/\n{1,4}$/, "");
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
    case "functionCalls":
      return "function-calls";
    case "abort":
      return "abort";
    default:
      return "other";
  }
}
