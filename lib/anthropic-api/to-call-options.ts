import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Message,
  LanguageModelV4Prompt,
  LanguageModelV4ToolChoice,
} from "@ai-sdk/provider";
import { type LimitedFields, toPromptPart } from "@/lib/openai-api";
import type { AssistantPart, MessagesRequest, MessagesToolChoice, MessagesTurn } from "./schema";

/** What a call needs beyond the request. */
export interface CallContext {
  /** Whose request it is, for the local model's prompt cache (lib/openai-api/authorize.ts). */
  cacheOwner: string;
}

/**
 * A validated Messages request as AI SDK call options: the one place this protocol becomes a
 * model call (`/v1/messages` generates with them, `count_tokens` counts their prompt); the handler
 * then applies the limits every /v1 protocol shares (`applyRequestLimits`). Fields left unset
 * keep the model's defaults.
 */
export function toCallOptions(
  request: MessagesRequest,
  context: CallContext,
): LanguageModelV4CallOptions {
  const thinking = request.thinking;
  const llamaCpp = {
    cacheOwner: context.cacheOwner,
    ...(request.parallelToolCalls === false ? { parallelToolCalls: false } : {}),
    // A budget: at most that many tokens of thinking, then the answer.
    ...(thinking?.type === "enabled" ? { thinking: thinking.budgetTokens } : {}),
  };
  return {
    prompt: toPrompt(request),
    maxOutputTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stopSequences: request.stopSequences,
    tools: request.tools?.map((tool) => ({
      type: "function",
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    })),
    toolChoice: toToolChoice(request.toolChoice),
    // `adaptive` and `enabled` leave thinking to the model (a budget caps the local model's).
    reasoning: thinking?.type === "disabled" ? "none" : undefined,
    // Providers read their own key: ours (llamaCpp) and OpenAI's.
    providerOptions: {
      llamaCpp,
      ...(request.parallelToolCalls === false ? { openai: { parallelToolCalls: false } } : {}),
    },
  };
}

/** How the Messages API names the fields the request limits refuse. */
export const messagesLimitedFields: LimitedFields = {
  tools: "tools",
  toolSchema: (index) => `tools.${index}.input_schema`,
  responseSchema: "output_format.schema",
};

function toToolChoice(
  choice: MessagesToolChoice | undefined,
): LanguageModelV4ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === "object") return { type: "tool", toolName: choice.name };
  return { type: choice === "any" ? "required" : choice };
}

function toPrompt(request: MessagesRequest): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = [];
  if (request.system !== undefined) prompt.push({ role: "system", content: request.system });
  for (const turn of request.messages) prompt.push(...toMessages(turn));
  return prompt;
}

/**
 * A user turn is its tool results (a `tool` message) and then its text; an assistant turn keeps
 * its blocks in order, thinking as reasoning; a system turn stays where it is. A turn with
 * nothing the model reads is left out.
 */
function toMessages(turn: MessagesTurn): LanguageModelV4Message[] {
  if (turn.role === "system") return [{ role: "system", content: turn.text }];
  if (turn.role === "assistant") {
    const content = turn.parts.map(toAssistantContent);
    return content.length > 0 ? [{ role: "assistant", content }] : [];
  }
  const messages: LanguageModelV4Message[] = [];
  const results = turn.parts.flatMap((part) => (part.type === "tool-result" ? [part] : []));
  if (results.length > 0) {
    messages.push({
      role: "tool",
      content: results.map((result) => ({
        type: "tool-result",
        toolCallId: result.toolUseId,
        toolName: result.toolName,
        output: { type: result.isError ? "error-text" : "text", value: result.text },
      })),
    });
  }
  const said = turn.parts.flatMap((part) =>
    part.type === "text"
      ? [{ type: "text" as const, text: part.text }]
      : part.type === "file"
        ? [toPromptPart(part.file)]
        : [],
  );
  // Text and images in their order as one message (the schema joined the text of a turn without).
  if (said.length > 0) messages.push({ role: "user", content: said });
  return messages;
}

function toAssistantContent(part: AssistantPart) {
  switch (part.type) {
    case "text":
      return { type: "text" as const, text: part.text };
    case "thinking":
      return { type: "reasoning" as const, text: part.text };
    case "tool-use":
      return {
        type: "tool-call" as const,
        toolCallId: part.id,
        toolName: part.name,
        input: part.input,
      };
  }
}
