import {
  type LanguageModelV4CallOptions,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type { LlamaCppTools } from "./llama-cpp-engine";

/**
 * The SDK's `tools` and `toolChoice` as the engine's: function tools only (a provider-defined
 * tool is a warning), `none` as no tools at all, a named tool as a forced call of that tool.
 * `parallelToolCalls: false` allows one call per reply.
 */
export function prepareLlamaCppTools({
  tools,
  toolChoice,
  parallelToolCalls,
  json,
}: Pick<LanguageModelV4CallOptions, "tools" | "toolChoice"> & {
  parallelToolCalls?: boolean;
  /** The reply is constrained to JSON (response format). */
  json: boolean;
}): { tools: LlamaCppTools | undefined; warnings: SharedV4Warning[] } {
  const warnings: SharedV4Warning[] = [];
  const functions: LlamaCppTools["functions"] = {};
  for (const tool of tools ?? []) {
    if (tool.type !== "function") {
      warnings.push({ type: "unsupported", feature: `provider-defined tool ${tool.id}` });
      continue;
    }
    functions[tool.name] = { description: tool.description, params: tool.inputSchema };
  }
  if (Object.keys(functions).length === 0 || toolChoice?.type === "none") {
    return { tools: undefined, warnings };
  }
  if (json) {
    // node-llama-cpp constrains a reply with one grammar: a JSON schema or the call syntax.
    throw new UnsupportedFunctionalityError({
      functionality:
        "a JSON response format together with tools (the local model takes one or the other)",
    });
  }
  const choice =
    toolChoice?.type === "required"
      ? "required"
      : toolChoice?.type === "tool"
        ? { name: toolChoice.toolName }
        : "auto";
  if (typeof choice === "object" && !(choice.name in functions)) {
    throw new UnsupportedFunctionalityError({
      functionality: `toolChoice naming '${choice.name}', which is not among the tools`,
    });
  }
  return {
    tools: { functions, choice, ...(parallelToolCalls === false ? { maxCalls: 1 } : {}) },
    warnings,
  };
}
