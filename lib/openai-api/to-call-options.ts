import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { type ContentPart, type PromptPart, toPromptPart } from "./content-parts";
import type { ChatCompletionRequest, ConversationMessage } from "./schema";
import { toFunctionTool, toToolChoice } from "./to-sdk-tools";

/**
 * A validated request as AI SDK call options; fields left unset keep the model's defaults.
 * `cacheOwner` is whose request it is for the local model's prompt cache (authorize.ts).
 */
export function toCallOptions(
  request: ChatCompletionRequest,
  { abortSignal, cacheOwner }: { abortSignal?: AbortSignal; cacheOwner: string },
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
    tools: request.tools?.map(toFunctionTool),
    toolChoice: toToolChoice(request.toolChoice),
    reasoning: request.reasoningEffort,
    // Providers read their own key: ours (llamaCpp) and OpenAI's.
    providerOptions:
      request.parallelToolCalls === undefined
        ? { llamaCpp: { cacheOwner } }
        : {
            llamaCpp: { cacheOwner, parallelToolCalls: request.parallelToolCalls },
            openai: { parallelToolCalls: request.parallelToolCalls },
          },
    abortSignal,
  };
}

function toPrompt(messages: ConversationMessage[]): LanguageModelV4Prompt {
  return messages.map(toPromptMessage);
}

function toPromptMessage(message: ConversationMessage): LanguageModelV4Prompt[number] {
  switch (message.role) {
    case "system":
      return { role: "system", content: message.content };
    case "user":
      return {
        role: "user",
        content: message.parts
          ? toUserParts(message.parts, message.name)
          : [{ type: "text", text: spoken(message) }],
      };
    case "assistant":
      return {
        role: "assistant",
        content: [
          ...(message.content ? [{ type: "text" as const, text: spoken(message) }] : []),
          ...message.toolCalls.map((call) => ({
            type: "tool-call" as const,
            toolCallId: call.id,
            toolName: call.name,
            input: parseArguments(call.arguments),
          })),
        ],
      };
    case "tool":
      return {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: message.toolCallId,
            toolName: message.toolName,
            output: { type: "text", value: message.content },
          },
        ],
      };
  }
}

/**
 * A message's text, images and PDFs in their order, as AI SDK parts (checked for the model by
 * check-file-parts.ts first). The speaker's name goes before the first text.
 */
function toUserParts(parts: ContentPart[], name: string | undefined): PromptPart[] {
  const firstText = parts.findIndex((part) => part.type === "text");
  return parts.map((part, index) =>
    toPromptPart(
      part.type === "text" && index === firstText && name
        ? { ...part, text: `${name}: ${part.text}` }
        : part,
    ),
  );
}

/**
 * A message's text with its speaker in front when it has a `name` (OpenAI's field for telling
 * participants of one role apart: `Ada: …`), as the chat page renders other participants
 * (lib/chat/seat-view.ts) — chat templates have no place of their own for it.
 */
function spoken(message: { content: string; name?: string }): string {
  return message.name ? `${message.name}: ${message.content}` : message.content;
}

/** The JSON the model wrote, as an object; text that is not JSON stays as it was sent. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
