import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { ChatCompletionRequest } from "./schema";

/** A validated request as AI SDK call options; fields left unset keep the model's defaults. */
export function toCallOptions(
  request: ChatCompletionRequest,
  abortSignal?: AbortSignal,
): LanguageModelV4CallOptions {
  return {
    prompt: toPrompt(request.messages),
    maxOutputTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    seed: request.seed,
    stopSequences: request.stop,
    presencePenalty: request.presencePenalty,
    frequencyPenalty: request.frequencyPenalty,
    responseFormat: request.responseFormat,
    abortSignal,
  };
}

function toPrompt(messages: ChatCompletionRequest["messages"]): LanguageModelV4Prompt {
  return messages.map((message) =>
    message.role === "system"
      ? { role: "system", content: message.content }
      : { role: message.role, content: [{ type: "text", text: message.content }] },
  );
}
