import {
  InvalidPromptError,
  type LanguageModelV4Prompt,
  type LanguageModelV4ToolResultOutput,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type { LlamaCppMessage, LlamaCppModelItem } from "./llama-cpp-engine";

/**
 * The AI SDK prompt as the engine's messages. A run of assistant and tool messages becomes one
 * model turn — text, thinking, and each tool call with its result — because that is how the chat
 * formats render it and how the model continues after a result. Files are refused by name.
 */
export function convertToLlamaCppMessages(prompt: LanguageModelV4Prompt): LlamaCppMessage[] {
  const messages: LlamaCppMessage[] = [];
  /** Calls of the current model turn still waiting for their result, by id. */
  const pending = new Map<string, Extract<LlamaCppModelItem, { type: "function-call" }>>();

  const modelTurn = (): LlamaCppModelItem[] => {
    const last = messages.at(-1);
    if (last?.role === "assistant") return last.items;
    const items: LlamaCppModelItem[] = [];
    messages.push({ role: "assistant", items });
    return items;
  };

  for (const message of prompt) {
    switch (message.role) {
      case "system":
        messages.push({ role: "system", text: message.content });
        break;
      case "user":
        messages.push({
          role: "user",
          text: message.content
            .map((part) => {
              if (part.type === "text") return part.text;
              throw new UnsupportedFunctionalityError({ functionality: `${part.type} parts` });
            })
            .join(""),
        });
        break;
      case "assistant": {
        const items = modelTurn();
        for (const part of message.content) {
          if (part.type === "text") items.push({ type: "text", text: part.text });
          else if (part.type === "reasoning") items.push({ type: "reasoning", text: part.text });
          else if (part.type === "tool-call") {
            const call = {
              type: "function-call" as const,
              name: part.toolName,
              paramsText: typeof part.input === "string" ? part.input : JSON.stringify(part.input),
              result: "",
            };
            items.push(call);
            pending.set(part.toolCallId, call);
          } else if (part.type === "tool-result") {
            resolveCall(pending, part.toolCallId, part.output);
          } else {
            throw new UnsupportedFunctionalityError({ functionality: `${part.type} parts` });
          }
        }
        break;
      }
      case "tool":
        for (const part of message.content) {
          if (part.type === "tool-result") resolveCall(pending, part.toolCallId, part.output);
          // Approval answers are the SDK's business: the model sees only the result (or denial).
        }
        break;
    }
  }
  const unanswered = [...pending.keys()];
  if (unanswered.length > 0) {
    throw new InvalidPromptError({
      prompt,
      message: `The tool calls ${unanswered.join(", ")} have no result: send a tool message for each call.`,
    });
  }
  return messages;
}

function resolveCall(
  pending: Map<string, { result: string }>,
  id: string,
  output: LanguageModelV4ToolResultOutput,
) {
  const call = pending.get(id);
  if (!call) {
    throw new InvalidPromptError({
      prompt: id,
      message: `A tool result answers the call ${id}, which no assistant message made.`,
    });
  }
  call.result = resultText(output);
  pending.delete(id);
}

/** What the model reads of a tool's output. */
function resultText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return JSON.stringify(output.value);
    case "execution-denied":
      return output.reason ?? "The user denied this tool call.";
    case "content":
      return output.value
        .map((part) => (part.type === "text" ? part.text : `[${part.type}]`))
        .join("");
    default:
      return JSON.stringify(output);
  }
}
