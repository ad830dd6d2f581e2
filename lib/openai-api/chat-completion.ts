import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { mapFinishReason } from "./map-finish-reason";
import { mapUsage } from "./map-usage";
import type { ChatCompletion, OpenAIToolCall } from "./openai-types";

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
  const text = result.content.flatMap((part) => (part.type === "text" ? [part.text] : []));
  const reasoning = result.content.flatMap((part) =>
    part.type === "reasoning" ? [part.text] : [],
  );
  const toolCalls = result.content.flatMap((part): OpenAIToolCall[] =>
    part.type === "tool-call"
      ? [
          {
            id: part.toolCallId,
            type: "function",
            function: { name: part.toolName, arguments: part.input },
          },
        ]
      : [],
  );
  return {
    id: identity.id,
    object: "chat.completion",
    created: identity.created,
    model: identity.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text.length === 0 && toolCalls.length > 0 ? null : text.join(""),
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(reasoning.length > 0 ? { reasoning_content: reasoning.join("") } : {}),
        },
        logprobs: null,
        finish_reason: mapFinishReason(result.finishReason),
      },
    ],
    usage: mapUsage(result.usage),
  };
}
