import type { JSONSchema7 } from "@ai-sdk/provider";
import { z } from "zod";
import type { HistoryLimits } from "@/lib/chat/limits";
import { type ContentPart, contentPartSchema } from "./content-parts";
import { refuse } from "./refuse";

/**
 * The body of `POST /v1/chat/completions`, as the OpenAI reference defines it, parsed into what
 * the model call needs. Fields OpenAI defines that this server cannot honour are refused by name;
 * fields nobody defines are ignored (zod strips them).
 */

/** A call the model made, as the client sends it back: `arguments` is the JSON text it got. */
export interface ApiToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * The conversation as an API client sends it: the system turns, the model's tool calls and the
 * results the client got by running them. (`name` tells participants of one role apart.)
 */
export type ConversationMessage =
  | { role: "system"; content: string }
  | {
      role: "user";
      /** The message's text, its text parts joined. */
      content: string;
      name?: string;
      /** Its parts in order, when it carries images or files besides text. */
      parts?: ContentPart[];
    }
  | { role: "assistant"; content: string; name?: string; toolCalls: ApiToolCall[] }
  | { role: "tool"; toolCallId: string; toolName: string; content: string };

/** A function the model may call: OpenAI's `tools[].function`. */
export interface ApiTool {
  name: string;
  description?: string;
  parameters: JSONSchema7;
}

export type ApiToolChoice = "none" | "auto" | "required" | { name: string };

export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh";

export interface ChatCompletionRequest {
  model: string;
  messages: ConversationMessage[];
  tools?: ApiTool[];
  toolChoice?: ApiToolChoice;
  /** `parallel_tool_calls`: false allows at most one call per reply. */
  parallelToolCalls?: boolean;
  /** `reasoning_effort`: `none`/`minimal` turn a reasoning model's thinking off where it allows. */
  reasoningEffort?: ReasoningEffort;
  stream: boolean;
  /** `stream_options.include_usage`: a last chunk with usage and no choices. */
  includeUsage: boolean;
  /** `max_completion_tokens`, else `max_tokens`. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** `json_object` (any JSON) or `json_schema` (JSON matching the schema). */
  responseFormat?: { type: "json"; schema?: JSONSchema7; name?: string; description?: string };
}

export { type IssueParams, refuse } from "./refuse";

type Ctx = z.RefinementCtx;

/** A string is one text part. */
const content = z.preprocess(
  (value) => (typeof value === "string" ? [{ type: "text", text: value }] : value),
  z.array(contentPartSchema, {
    error: "Message content must be a string or an array of content parts.",
  }),
);

const toolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function", { error: "Tool calls must be of type 'function'." }).optional(),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

/** One message before tool calls and results are matched up (see `matchToolResults`). */
type ParsedMessage =
  | Exclude<ConversationMessage, { role: "tool" }>
  | { role: "tool"; toolCallId: string; content: string };

/** Audio and legacy `function_call` are refused; `name` is kept (see docs/openai-api.md). */
const messageSchema = z
  .object({
    role: z.string({ error: "Every message needs a `role`." }),
    content: content.nullish(),
    name: z.string().nullish(),
    tool_calls: z.array(toolCallSchema).nullish(),
    tool_call_id: z.string().nullish(),
    function_call: z.unknown().optional(),
    audio: z.unknown().optional(),
  })
  .transform((message, ctx): ParsedMessage => {
    const { role } = message;
    if (role === "function") {
      refuse(
        ctx,
        "unsupported_value",
        ["role"],
        "Messages with role 'function' (the legacy function calling) are not supported: use tools and role 'tool'.",
      );
      return z.NEVER;
    }
    if (
      role !== "system" &&
      role !== "developer" &&
      role !== "user" &&
      role !== "assistant" &&
      role !== "tool"
    ) {
      refuse(
        ctx,
        "invalid_value",
        ["role"],
        `Invalid role '${role}': use system, developer, user, assistant or tool.`,
      );
      return z.NEVER;
    }
    for (const field of ["function_call", "audio"] as const) {
      if (message[field] != null) {
        refuse(
          ctx,
          "unsupported_parameter",
          [field],
          `\`${field}\` is not supported by this server.`,
        );
        return z.NEVER;
      }
    }
    const toolCalls = message.tool_calls ?? [];
    if (toolCalls.length > 0 && role !== "assistant") {
      refuse(ctx, "invalid_value", ["tool_calls"], "Only assistant messages have `tool_calls`.");
      return z.NEVER;
    }
    // Only an assistant turn may come without content (OpenAI allows it beside tool calls).
    if (message.content == null && role !== "assistant") {
      refuse(
        ctx,
        "missing_required_parameter",
        ["content"],
        `A ${role} message needs \`content\`.`,
      );
      return z.NEVER;
    }
    const parts = message.content ?? [];
    const fileAt = parts.findIndex((part) => part.type !== "text");
    if (fileAt >= 0 && role !== "user") {
      refuse(
        ctx,
        "invalid_value",
        ["content", fileAt],
        `Only user messages may carry images and files; this ${role} message has a '${parts[fileAt]?.type === "pdf" ? "file" : "image_url"}' part.`,
      );
      return z.NEVER;
    }
    const text = parts.map((part) => (part.type === "text" ? part.text : "")).join("");
    const name = message.name ?? undefined;
    switch (role) {
      case "system":
      case "developer":
        return { role: "system", content: text };
      case "user":
        return {
          role,
          content: text,
          ...(name ? { name } : {}),
          ...(fileAt >= 0 ? { parts } : {}),
        };
      case "assistant":
        return {
          role,
          content: text,
          ...(name ? { name } : {}),
          toolCalls: toolCalls.map((call) => ({
            id: call.id,
            name: call.function.name,
            arguments: call.function.arguments,
          })),
        };
      case "tool":
        if (!message.tool_call_id) {
          refuse(
            ctx,
            "missing_required_parameter",
            ["tool_call_id"],
            "A tool message needs `tool_call_id`: the id of the call it answers.",
          );
          return z.NEVER;
        }
        return { role, toolCallId: message.tool_call_id, content: text };
    }
  });

/**
 * A tool message answers a call an earlier assistant message made: it takes that call's name
 * (the model's chat format shows it), and one naming no such call is refused.
 */
function matchToolResults(messages: ParsedMessage[], ctx: Ctx): ConversationMessage[] | undefined {
  const calls = new Map<string, string>();
  const matched: ConversationMessage[] = [];
  for (const [index, message] of messages.entries()) {
    if (message.role === "assistant") {
      for (const call of message.toolCalls) calls.set(call.id, call.name);
    }
    if (message.role !== "tool") {
      matched.push(message);
      continue;
    }
    const toolName = calls.get(message.toolCallId);
    if (toolName === undefined) {
      refuse(
        ctx,
        "invalid_value",
        ["messages", index, "tool_call_id"],
        `No earlier assistant message has a tool call with id '${message.toolCallId}'.`,
      );
      return undefined;
    }
    matched.push({ ...message, toolName });
  }
  return matched;
}

const toolSchema = z.object({
  type: z.literal("function", { error: "Only tools of type 'function' are supported." }),
  function: z.object({
    name: z
      .string({ error: "A tool needs a `function.name`." })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "A tool's name must be 1-64 letters, digits, _ or -."),
    description: z.string().nullish(),
    parameters: z.unknown().optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoiceSchema = z.union(
  [
    z.enum(["none", "auto", "required"]),
    z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
  ],
  {
    error:
      'tool_choice must be "none", "auto", "required" or {"type": "function", "function": {"name": …}}.',
  },
);

/**
 * What a tool's `parameters` must be for a model to call it: a JSON schema of an object. `path`
 * names the field in the request (Chat Completions nests it under `function`, Responses not).
 */
export function toolParameters(
  parameters: unknown,
  name: string,
  path: PropertyKey[],
  ctx: Ctx,
): JSONSchema7 | undefined {
  // OpenAI: omitted parameters mean a function without arguments.
  if (parameters == null) return { type: "object", properties: {} };
  const problem =
    typeof parameters !== "object" || Array.isArray(parameters)
      ? "it is not an object"
      : "type" in parameters && parameters.type !== "object"
        ? `its type is ${JSON.stringify(parameters.type)}, not "object"`
        : "properties" in parameters &&
            (typeof parameters.properties !== "object" ||
              parameters.properties === null ||
              Array.isArray(parameters.properties))
          ? "its `properties` is not an object"
          : undefined;
  if (problem) {
    refuse(
      ctx,
      "invalid_value",
      path,
      `The parameters of tool '${name}' are not a JSON schema of an object: ${problem}.`,
    );
    return undefined;
  }
  return parameters as JSONSchema7;
}

const responseFormatSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("text") }),
    z.object({ type: z.literal("json_object") }),
    z.object({
      type: z.literal("json_schema"),
      json_schema: z.object({
        name: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, "The name must be 1-64 letters, digits, _ or -."),
        description: z.string().nullish(),
        schema: z.record(z.string(), z.unknown()).nullish(),
        strict: z.boolean().nullish(),
      }),
    }),
  ],
  { error: "response_format.type must be text, json_object or json_schema." },
);

/**
 * OpenAI fields this server cannot honour, with the values that ask for nothing (those pass).
 * null and absent always pass.
 */
const harmless: Record<string, (value: unknown) => boolean> = {
  functions: isEmptyArray,
  function_call: (value) => value === "none",
  logprobs: (value) => value === false,
  top_logprobs: (value) => value === 0,
  logit_bias: (value) => typeof value === "object" && Object.keys(value as object).length === 0,
  modalities: (value) => Array.isArray(value) && value.every((m) => m === "text"),
  audio: () => false,
  prediction: () => false,
  web_search_options: () => false,
};

function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

const tokenCount = z.number().int().positive().nullish();
const penalty = z.number().min(-2).max(2).nullish();

/** The request schema for the given limits (the same as the chat page's, from lib/env.ts). */
export function chatCompletionRequestSchema(limits: HistoryLimits) {
  return z
    .looseObject({
      model: z.string({ error: "You must provide a model parameter." }).min(1),
      messages: z
        .array(messageSchema, { error: "messages must be an array of messages." })
        .min(1, "messages must contain at least one message.")
        .max(limits.maxMessages, `At most ${limits.maxMessages} messages are accepted.`),
      stream: z.boolean().nullish(),
      stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
      max_tokens: tokenCount,
      max_completion_tokens: tokenCount,
      temperature: z.number().min(0).max(2).nullish(),
      top_p: z.number().min(0).max(1).nullish(),
      seed: z.number().int().nullish(),
      stop: z.preprocess(
        (value) => (typeof value === "string" ? [value] : value),
        z
          .array(z.string(), { error: "stop must be a string or an array of strings." })
          .max(4, "At most 4 stop sequences are accepted.")
          .nullish(),
      ),
      presence_penalty: penalty,
      frequency_penalty: penalty,
      n: z.number().int().min(1).nullish(),
      response_format: responseFormatSchema.nullish(),
      tools: z.array(toolSchema, { error: "tools must be an array of function tools." }).nullish(),
      tool_choice: toolChoiceSchema.nullish(),
      parallel_tool_calls: z.boolean().nullish(),
      reasoning_effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).nullish(),
      user: z.string().nullish(),
    })
    .transform((body, ctx): ChatCompletionRequest => {
      for (const [field, isHarmless] of Object.entries(harmless)) {
        const value = body[field];
        if (value != null && !isHarmless(value)) {
          refuse(
            ctx,
            "unsupported_parameter",
            [field],
            `\`${field}\` is not supported by this server.`,
          );
          return z.NEVER;
        }
      }
      if (body.n != null && body.n > 1) {
        refuse(
          ctx,
          "unsupported_value",
          ["n"],
          "`n` > 1 is not supported: this server returns one choice.",
        );
        return z.NEVER;
      }
      if (body.stream_options != null && body.stream !== true) {
        refuse(
          ctx,
          "invalid_value",
          ["stream_options"],
          "`stream_options` is only allowed when `stream` is true.",
        );
        return z.NEVER;
      }

      const messages = matchToolResults(body.messages, ctx);
      if (!messages) return z.NEVER;
      const tools: ApiTool[] = [];
      for (const [index, tool] of (body.tools ?? []).entries()) {
        const { name, description } = tool.function;
        if (tools.some((earlier) => earlier.name === name)) {
          refuse(
            ctx,
            "invalid_value",
            ["tools", index, "function", "name"],
            `Two tools are named '${name}'.`,
          );
          return z.NEVER;
        }
        const parameters = toolParameters(
          tool.function.parameters,
          name,
          ["tools", index, "function", "parameters"],
          ctx,
        );
        if (!parameters) return z.NEVER;
        tools.push({ name, ...(description ? { description } : {}), parameters });
      }
      const choice = body.tool_choice ?? undefined;
      const toolChoice: ApiToolChoice | undefined =
        typeof choice === "object" ? { name: choice.function.name } : choice;
      if (toolChoice && toolChoice !== "none" && toolChoice !== "auto" && tools.length === 0) {
        refuse(
          ctx,
          "invalid_value",
          ["tool_choice"],
          "`tool_choice` asks for a tool call, but `tools` is empty.",
        );
        return z.NEVER;
      }
      if (typeof toolChoice === "object" && !tools.some((tool) => tool.name === toolChoice.name)) {
        refuse(
          ctx,
          "invalid_value",
          ["tool_choice"],
          `\`tool_choice\` names the function '${toolChoice.name}', which is not in \`tools\`.`,
        );
        return z.NEVER;
      }

      const format = body.response_format;
      return {
        model: body.model,
        messages,
        ...(tools.length > 0 ? { tools } : {}),
        toolChoice,
        parallelToolCalls: body.parallel_tool_calls ?? undefined,
        reasoningEffort: body.reasoning_effort ?? undefined,
        stream: body.stream === true,
        includeUsage: body.stream_options?.include_usage === true,
        maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
        temperature: body.temperature ?? undefined,
        topP: body.top_p ?? undefined,
        seed: body.seed ?? undefined,
        stop: body.stop?.length ? body.stop : undefined,
        presencePenalty: body.presence_penalty ?? undefined,
        frequencyPenalty: body.frequency_penalty ?? undefined,
        responseFormat:
          format?.type === "json_object"
            ? { type: "json" }
            : format?.type === "json_schema"
              ? {
                  type: "json",
                  name: format.json_schema.name,
                  description: format.json_schema.description ?? undefined,
                  schema: (format.json_schema.schema ?? undefined) as JSONSchema7 | undefined,
                }
              : undefined,
      };
    });
}
