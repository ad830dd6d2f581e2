import type { LanguageModelV4FunctionTool, LanguageModelV4ToolChoice } from "@ai-sdk/provider";
import type { ApiTool, ApiToolChoice } from "./schema";

/**
 * A function tool and the tool choice of /v1 (chat completions and responses parse theirs to the
 * same shapes) as the AI SDK takes them.
 */
export function toFunctionTool(tool: ApiTool): LanguageModelV4FunctionTool {
  return {
    type: "function",
    name: tool.name,
    description: tool.description,
    inputSchema: tool.parameters,
  };
}

export function toToolChoice(
  choice: ApiToolChoice | undefined,
): LanguageModelV4ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === "object") return { type: "tool", toolName: choice.name };
  return { type: choice };
}
