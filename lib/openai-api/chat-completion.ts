import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { mapFinishReason } from "./map-finish-reason";
import { mapUsage } from "./map-usage";
import type { ChatCompletion } from "./openai-types";

export interface CompletionIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model id the client named. */
  model: string;
}

/** A whole reply at once (`stream` false). */
export async function createChatCompletion(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
  identity: CompletionIdentity,
): Promise<ChatCompletion> {
  const result = await model.doGenerate(options);
  const content = result.content
    .flatMap((part) => (part.type === "text" ? [part.text] : []))
    .join("");
  return {
    id: identity.id,
    object: "chat.completion",
    created: identity.created,
    model: identity.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        logprobs: null,
        finish_reason: mapFinishReason(result.finishReason),
      },
    ],
    usage: mapUsage(result.usage),
  };
}
