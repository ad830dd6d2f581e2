import {
  type ChatHistoryItem,
  type ChatModelFunctionCall,
  type ChatModelResponse,
  type ChatWrapper,
  LlamaText,
} from "node-llama-cpp";
import type { LlamaCppMessage, LlamaCppModelItem } from "../llama-cpp-engine";

/**
 * The engine's messages as node-llama-cpp's chat history, ending with the model turn the reply
 * continues (a new empty one, or the last one when it ends in a tool result). Each tool call gets
 * back the exact text the model generated for it (`rawCall`, rebuilt from the chat format's call
 * syntax and the arguments as written), so the turn renders as the sequence holds it and the next
 * turn re-evaluates only what is new.
 */
export function toChatHistory(
  messages: LlamaCppMessage[],
  wrapper: ChatWrapper,
): ChatHistoryItem[] {
  const history = messages.map((message) => toHistoryItem(message, wrapper));
  const last = history.at(-1);
  // A model turn ending in a call (with its result) is continued; anything else gets a new turn.
  if (!(last?.type === "model" && isFunctionCall(last.response.at(-1)))) {
    history.push({ type: "model", response: [] });
  }
  return history;
}

function toHistoryItem(message: LlamaCppMessage, wrapper: ChatWrapper): ChatHistoryItem {
  switch (message.role) {
    case "system":
      return { type: "system", text: message.text };
    case "user":
      return { type: "user", text: message.text };
    case "assistant":
      return {
        type: "model",
        response: message.items.map((item) => toResponseItem(item, wrapper)),
      };
  }
}

function toResponseItem(
  item: LlamaCppModelItem,
  wrapper: ChatWrapper,
): ChatModelResponse["response"][number] {
  switch (item.type) {
    case "text":
      return item.text;
    case "reasoning":
      return { type: "segment", segmentType: "thought", text: item.text, ended: true };
    case "function-call":
      return {
        type: "functionCall",
        name: item.name,
        params: parseJson(item.paramsText, {}),
        // A result that is JSON is shown as JSON; plain text as a JSON string.
        result: parseJson(item.result, item.result),
        rawCall: rawCallOf(wrapper, item.name, item.paramsText),
      };
  }
}

/** What LlamaChat records as a call's text (LlamaChat.js: prefix, name, params prefix, params, suffix). */
function rawCallOf(wrapper: ChatWrapper, name: string, paramsText: string) {
  const call = wrapper.settings.functions.call;
  return LlamaText([
    call.prefix,
    name,
    withFunctionName(call.paramsPrefix, name),
    paramsText,
    withFunctionName(call.suffix, name),
  ]).toJSON();
}

function withFunctionName(text: string | LlamaText, name: string): string | LlamaText {
  if (typeof text === "string") return text.replaceAll("{{functionName}}", name);
  return LlamaText(
    text.values.map((value) =>
      typeof value === "string" ? value.replaceAll("{{functionName}}", name) : value,
    ),
  );
}

function isFunctionCall(item: unknown): item is ChatModelFunctionCall {
  return (
    typeof item === "object" &&
    item !== null &&
    (item as { type?: unknown }).type === "functionCall"
  );
}

function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
