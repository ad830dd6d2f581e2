import type {
  LanguageModelV4Prompt,
  LanguageModelV4TextPart,
  LanguageModelV4ToolCallPart,
  LanguageModelV4ToolResultPart,
} from "@ai-sdk/provider";
import type { StoredResponseItem } from "@/lib/store";
import { OpenAIApiError } from "../openai-api-error";

/**
 * A conversation of Responses items (a stored chain's, then the request's) as the AI SDK prompt,
 * in order: `instructions` first as the system message, developer and system messages as system
 * messages, each run of assistant messages and function calls as one assistant turn (the model's
 * turn as it wrote it, so the next request's prompt extends this one's and the local model reuses
 * its cache), function call outputs as tool results. Reasoning items are not sent back (the chat
 * page does not either: reasoning models' templates drop earlier thinking), nor items of tools
 * this server cannot run.
 */
export function toResponsesPrompt(
  instructions: string | undefined,
  items: readonly StoredResponseItem[],
  /** Where each item came from, for the `param` of a refusal (`input[3].call_id`). */
  paramOf: (index: number) => string,
): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = [];
  if (instructions) prompt.push({ role: "system", content: instructions });
  const callNames = new Map<string, string>();

  const assistantParts = (): Array<LanguageModelV4TextPart | LanguageModelV4ToolCallPart> => {
    const last = prompt.at(-1);
    if (last?.role === "assistant") {
      return last.content as Array<LanguageModelV4TextPart | LanguageModelV4ToolCallPart>;
    }
    const content: Array<LanguageModelV4TextPart | LanguageModelV4ToolCallPart> = [];
    prompt.push({ role: "assistant", content });
    return content;
  };
  const toolResults = (): LanguageModelV4ToolResultPart[] => {
    const last = prompt.at(-1);
    if (last?.role === "tool") return last.content as LanguageModelV4ToolResultPart[];
    const content: LanguageModelV4ToolResultPart[] = [];
    prompt.push({ role: "tool", content });
    return content;
  };

  for (const [index, item] of items.entries()) {
    switch (item.type) {
      case "message": {
        const text = textOf(item.content);
        if (item.role === "assistant") {
          if (text !== "") assistantParts().push({ type: "text", text });
        } else if (item.role === "user") {
          prompt.push({ role: "user", content: [{ type: "text", text }] });
        } else {
          prompt.push({ role: "system", content: text });
        }
        break;
      }
      case "function_call": {
        const callId = String(item.call_id);
        const name = String(item.name);
        callNames.set(callId, name);
        assistantParts().push({
          type: "tool-call",
          toolCallId: callId,
          toolName: name,
          input: parseArguments(String(item.arguments)),
        });
        break;
      }
      case "function_call_output": {
        const callId = String(item.call_id);
        const toolName = callNames.get(callId);
        if (toolName === undefined) {
          throw new OpenAIApiError("invalid_value", {
            message: `No function_call before this output has the call_id '${callId}'.`,
            param: `${paramOf(index)}.call_id`,
          });
        }
        toolResults().push({
          type: "tool-result",
          toolCallId: callId,
          toolName,
          output: { type: "text", value: String(item.output) },
        });
        break;
      }
      default:
        break;
    }
  }
  return prompt;
}

/** A message's text parts joined (the schema let only text in). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: { text?: unknown }) => (typeof part.text === "string" ? part.text : ""))
    .join("");
}

/** The JSON the model wrote, as an object; text that is not JSON stays as it was sent. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
