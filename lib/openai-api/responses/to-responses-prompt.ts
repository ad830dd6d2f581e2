import type {
  LanguageModelV4Prompt,
  LanguageModelV4TextPart,
  LanguageModelV4ToolCallPart,
  LanguageModelV4ToolResultPart,
} from "@ai-sdk/provider";
import type { StoredResponseItem } from "@/lib/store";
import { checkFilePart, type FileAcceptance } from "../check-file-parts";
import {
  type ImageDetail,
  type PromptPart,
  readImageUrl,
  readPdfData,
  toPromptPart,
} from "../content-parts";
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
  /** What the model takes besides text: a user's images and PDFs are checked against it. */
  accepts: FileAcceptance,
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
          prompt.push({ role: "user", content: userParts(item.content, paramOf(index), accepts) });
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

/**
 * A user message's parts for the model: its text joined, or, when it carries images or PDFs
 * (input-item-schema.ts checked them when they came in), each part in its order, checked for
 * this model (it may have changed since a stored item came in) and read again from its data URL.
 */
function userParts(content: unknown, param: string, accepts: FileAcceptance): PromptPart[] {
  const parts = Array.isArray(content) ? (content as StoredPart[]) : [];
  if (!parts.some((part) => part.type === "input_image" || part.type === "input_file")) {
    return [{ type: "text", text: textOf(content) }];
  }
  return parts.map((part, at) => {
    const read =
      part.type === "input_image"
        ? readImageUrl(String(part.image_url), detailOf(part.detail))
        : part.type === "input_file"
          ? readPdfData(
              String(part.file_data),
              typeof part.filename === "string" ? part.filename : undefined,
            )
          : {
              part: { type: "text" as const, text: typeof part.text === "string" ? part.text : "" },
            };
    const partParam = `${param}.content[${at}]`;
    if ("problem" in read) {
      throw new OpenAIApiError(read.code, { message: read.problem, param: partParam });
    }
    if (read.part.type !== "text") checkFilePart(read.part, partParam, accepts);
    return toPromptPart(read.part);
  });
}

/** A stored message part: text, an image or a PDF, as input-item-schema.ts kept it. */
interface StoredPart {
  type?: unknown;
  text?: unknown;
  image_url?: unknown;
  detail?: unknown;
  file_data?: unknown;
  filename?: unknown;
}

function detailOf(detail: unknown): ImageDetail | undefined {
  return detail === "auto" || detail === "low" || detail === "high" ? detail : undefined;
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
