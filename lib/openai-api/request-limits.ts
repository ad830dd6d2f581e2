import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import type { Env } from "@/lib/env";
import { formatBytes } from "@/lib/http/read-json-body";
import { OpenAIApiError } from "./openai-api-error";

/**
 * What one `/v1` request may ask of the model, whatever its protocol; the settings are in
 * lib/env.ts (`CHAT_API_MAX_*`). A client cannot lift them.
 */
export interface RequestLimits {
  /** Most output tokens: a larger ask is clamped to it, and a request that asks none gets it. */
  maxOutputTokens: number;
  /** Most tools in one request. */
  maxTools: number;
  /** Largest JSON schema (a tool's parameters, a response format's), in bytes of compact JSON. */
  maxSchemaBytes: number;
  /** Largest total of a request's tools (names, descriptions, schemas), in bytes of compact JSON. */
  maxToolsBytes: number;
  /** Largest image or file one content part may carry, decoded (lib/openai-api/check-file-parts.ts). */
  maxFileBytes: number;
}

export function requestLimitsFrom(settings: Env): RequestLimits {
  return {
    maxOutputTokens: settings.CHAT_API_MAX_OUTPUT_TOKENS,
    maxTools: settings.CHAT_API_MAX_TOOLS,
    maxSchemaBytes: settings.CHAT_API_MAX_TOOL_SCHEMA_BYTES,
    maxToolsBytes: settings.CHAT_API_MAX_TOOLS_BYTES,
    maxFileBytes: settings.CHAT_API_MAX_FILE_BYTES,
  };
}

/**
 * JSON nesting (objects and arrays) a schema may have. Real tool schemas stay far below; deeper
 * ones overflow the stack of every recursive walk after this one (JSON.stringify, node-llama-cpp's
 * grammar and documentation builders), which would answer a client's mistake with a 500.
 */
export const MAX_SCHEMA_DEPTH = 64;

/** How a protocol names the fields these limits refuse: the 400's `param`. */
export interface LimitedFields {
  tools: string;
  toolSchema: (index: number) => string;
  responseSchema: string;
}

/** Chat Completions' names (the default). */
export const chatCompletionFields: LimitedFields = {
  tools: "tools",
  toolSchema: (index) => `tools[${index}].function.parameters`,
  responseSchema: "response_format.json_schema.schema",
};

/**
 * The call options of any `/v1` protocol within the server's limits: output tokens clamped (and
 * set when the client set none), tools counted and their schemas and the response format's
 * schema measured. A refusal is a 400 naming the field as `fields` says the protocol names it.
 *
 * When the cap stands in for a limit the client did not send, the local model is told it may
 * shorten the reply to fit its context (a client that names no limit asks for what fits).
 */
export function applyRequestLimits(
  options: LanguageModelV4CallOptions,
  limits: RequestLimits,
  fields: LimitedFields = chatCompletionFields,
): LanguageModelV4CallOptions {
  checkTools(options.tools ?? [], limits, fields);
  const format = options.responseFormat;
  if (format?.type === "json" && format.schema !== undefined) {
    checkSchema(
      format.schema,
      limits.maxSchemaBytes,
      fields.responseSchema,
      "the response format's schema",
    );
  }
  const asked = options.maxOutputTokens;
  return {
    ...options,
    maxOutputTokens: Math.min(asked ?? limits.maxOutputTokens, limits.maxOutputTokens),
    ...(asked === undefined
      ? {
          providerOptions: {
            ...options.providerOptions,
            llamaCpp: { ...options.providerOptions?.llamaCpp, shortenReplyToFit: true },
          },
        }
      : {}),
  };
}

function checkTools(
  tools: NonNullable<LanguageModelV4CallOptions["tools"]>,
  limits: RequestLimits,
  fields: LimitedFields,
): void {
  if (tools.length > limits.maxTools) {
    throw new OpenAIApiError("array_above_max_length", {
      message: `Invalid '${fields.tools}': ${tools.length} tools; this server accepts at most ${limits.maxTools}.`,
      param: fields.tools,
    });
  }
  let total = 0;
  for (const [index, tool] of tools.entries()) {
    total +=
      tool.type === "function"
        ? byteLength(tool.name) +
          byteLength(tool.description ?? "") +
          checkSchema(
            tool.inputSchema,
            limits.maxSchemaBytes,
            fields.toolSchema(index),
            `the parameters schema of tool '${tool.name}'`,
          )
        : byteLength(tool.name) +
          measure(tool.args, fields.tools, `the arguments of tool '${tool.name}'`);
    // Refused as soon as it is past: the rest is not measured.
    if (total > limits.maxToolsBytes) {
      throw new OpenAIApiError("invalid_value", {
        message:
          `Invalid '${fields.tools}': the tools come to more than ${formatBytes(limits.maxToolsBytes)} ` +
          `of JSON, the most this server accepts in one request.`,
        param: fields.tools,
      });
    }
  }
}

/** A schema's size in bytes of compact JSON, refused past `maxBytes` or too deep. */
function checkSchema(schema: unknown, maxBytes: number, param: string, what: string): number {
  const bytes = measure(schema, param, what);
  if (bytes > maxBytes) {
    throw new OpenAIApiError("invalid_value", {
      message: `Invalid '${param}': ${what} is ${formatBytes(bytes)} of JSON; this server accepts at most ${formatBytes(maxBytes)} per schema.`,
      param,
    });
  }
  return bytes;
}

/** Bytes of compact JSON, measured only once the value is known to be shallow enough. */
function measure(value: unknown, param: string, what: string): number {
  if (deeperThan(value, MAX_SCHEMA_DEPTH)) {
    throw new OpenAIApiError("invalid_value", {
      message: `Invalid '${param}': ${what} nests deeper than ${MAX_SCHEMA_DEPTH} levels of JSON; this server accepts no deeper.`,
      param,
    });
  }
  return byteLength(JSON.stringify(value) ?? "");
}

/** Walked with a stack of its own, so that any depth is measured without recursion. */
function deeperThan(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue;
    if (next.depth > maxDepth) return true;
    for (const child of Object.values(next.value)) {
      pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
