import { generateText, type LanguageModel } from "ai";
import { type ChatError, type ChatErrorInfo, toChatError } from "@/lib/chat/error";
import type { HistoryLimits } from "@/lib/chat/limits";
import { replyLimitError } from "@/lib/chat/limits";
import type { Message } from "@/lib/chat/message";
import {
  DEFAULT_PARTICIPANT,
  participantSchema,
  seatView,
  USER_NAME,
} from "@/lib/chat/participants";
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
  /** Whose cached prompts the local model may reuse (the caller's session); default: nobody's. */
  cacheOwner?: string;
  /** Told of every failed turn, with the original error as `cause` (the server logs it). */
  onError?: (error: ChatError) => void;
  /**
   * The participant who answers (the reply carries it as `name`): the model then sees the
   * conversation from that seat (lib/chat/seat-view.ts), the others' messages by their `name`.
   * Absent: the plain chat, exactly as the seed's contract has it.
   */
  speaker?: string;
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
    cacheOwner = "",
    onError,
    speaker,
  }: ContinueConversationOptions,
): Promise<ContinueConversationResult> {
  const validation = validateHistory(input, limits, { lastFromUser: speaker === undefined });
  if (!validation.ok) return { error: { code: "invalid-request", message: validation.message } };
  const history = validation.history;
  if (speaker !== undefined) {
    const name = participantSchema.shape.name.safeParse(speaker);
    if (!name.success) {
      return { error: { code: "invalid-request", message: name.error.issues[0]?.message ?? "" } };
    }
  }
  const prompt =
    speaker === undefined ? { system, messages: history } : fromSeat(history, speaker, system);

  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const { text } = await generateText({
      model,
      instructions: prompt.system,
      messages: prompt.messages,
      maxOutputTokens,
      temperature,
      abortSignal: timeout,
      providerOptions: { llamaCpp: { cacheOwner } },
    });
    const reply: Message = {
      role: "assistant",
      content: text,
      ...(speaker ? { name: speaker } : {}),
    };
    return { messages: [...history, reply] };
  } catch (error) {
    const chatError = toChatError(timeout.aborted ? replyLimitError("total", timeoutMs) : error);
    onError?.(chatError);
    return { error: chatError.toInfo() };
  }
}

/** The history as `speaker` sees it: the participants are every name in it, and the speaker. */
function fromSeat(history: readonly Message[], speaker: string, persona: string) {
  const spoken = history.map((message) => ({
    speaker: message.name ?? (message.role === "user" ? USER_NAME : DEFAULT_PARTICIPANT),
    text: message.content,
  }));
  const participants = [
    ...new Set([
      ...history.flatMap((message) =>
        message.role === "assistant" ? [message.name ?? DEFAULT_PARTICIPANT] : [],
      ),
      speaker,
    ]),
  ];
  return seatView(spoken, speaker, { persona, participants });
}
