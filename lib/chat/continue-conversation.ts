import { generateText, type LanguageModel } from "ai";
import { type ChatError, type ChatErrorInfo, toChatError } from "./chat-error";
import type { HistoryLimits } from "./history-limits";
import type { Message } from "./message";
import { replyLimitError } from "./reply-limits";
import { validateHistory } from "./validate-history";

/** Success is exactly the reference contract, `{ messages }`; a failure says why, for the UI. */
export type ContinueConversationResult = { messages: Message[] } | { error: ChatErrorInfo };

export interface ContinueConversationOptions {
  model: LanguageModel;
  system: string;
  limits: HistoryLimits;
  maxOutputTokens: number;
  temperature?: number;
  /** The whole call's limit: generateText has no tokens to watch for idleness. */
  timeoutMs: number;
  /** Told of every failed turn, with the original error as `cause` (the server logs it). */
  onError?: (error: ChatError) => void;
}

/** One turn: validate what the client sent, ask the model, return the history plus its reply. */
export async function continueConversation(
  input: unknown,
  {
    model,
    system,
    limits,
    maxOutputTokens,
    temperature,
    timeoutMs,
    onError,
  }: ContinueConversationOptions,
): Promise<ContinueConversationResult> {
  const validation = validateHistory(input, limits);
  if (!validation.ok) return { error: { code: "invalid-request", message: validation.message } };
  const history = validation.history;

  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const { text } = await generateText({
      model,
      instructions: system,
      messages: history,
      maxOutputTokens,
      temperature,
      abortSignal: timeout,
    });
    return { messages: [...history, { role: "assistant", content: text }] };
  } catch (error) {
    const chatError = toChatError(timeout.aborted ? replyLimitError("total", timeoutMs) : error);
    onError?.(chatError);
    return { error: chatError.toInfo() };
  }
}
