import type { JSONSchema7 } from "@ai-sdk/provider";
import { z } from "zod";
import type { HistoryLimits } from "@/lib/chat/history-limits";
import type { Message } from "@/lib/chat/message";
import type { OpenAIApiErrorCode } from "./error-codes";

/**
 * The body of `POST /v1/chat/completions`, as the OpenAI reference defines it, parsed into what
 * the model call needs. Fields OpenAI defines that this server cannot honour are refused by name;
 * fields nobody defines are ignored (zod strips them).
 */

/** The conversation: the app's one message type, plus the system turns an API client may send. */
export type ConversationMessage = Message | { role: "system"; content: string };

export interface ChatCompletionRequest {
  model: string;
  messages: ConversationMessage[];
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

/** A zod issue's `params.code` names the OpenAI error code when it is not the default. */
export interface IssueParams {
  code: OpenAIApiErrorCode;
}

type Ctx = z.RefinementCtx;

function refuse(ctx: Ctx, code: OpenAIApiErrorCode, path: PropertyKey[], message: string) {
  ctx.addIssue({ code: "custom", path, message, params: { code } satisfies IssueParams });
}

const textPart = z
  .object({ type: z.string(), text: z.unknown().optional() })
  .transform((part, ctx) => {
    if (part.type !== "text") {
      refuse(
        ctx,
        "unsupported_value",
        ["type"],
        `Content parts of type '${part.type}' are not supported: this server reads text only.`,
      );
      return z.NEVER;
    }
    if (typeof part.text !== "string") {
      refuse(ctx, "invalid_type", ["text"], "A text part needs `text`, a string.");
      return z.NEVER;
    }
    return part.text;
  });

/** A string is one text part. */
const content = z.preprocess(
  (value) => (typeof value === "string" ? [{ type: "text", text: value }] : value),
  z.array(textPart, { error: "Message content must be a string or an array of text parts." }),
);

/** Tool traffic and audio are refused; `name` is accepted and not used (see docs/openai-api.md). */
const messageSchema = z
  .object({
    role: z.string({ error: "Every message needs a `role`." }),
    content: content.nullish(),
    name: z.string().nullish(),
    tool_calls: z.array(z.unknown()).nullish(),
    function_call: z.unknown().optional(),
    audio: z.unknown().optional(),
  })
  .transform((message, ctx): ConversationMessage => {
    const { role } = message;
    if (role === "tool" || role === "function") {
      refuse(
        ctx,
        "unsupported_value",
        ["role"],
        `Messages with role '${role}' are not supported: this server does not call tools.`,
      );
      return z.NEVER;
    }
    if (role !== "system" && role !== "developer" && role !== "user" && role !== "assistant") {
      refuse(
        ctx,
        "invalid_value",
        ["role"],
        `Invalid role '${role}': use system, developer, user or assistant.`,
      );
      return z.NEVER;
    }
    for (const field of ["tool_calls", "function_call", "audio"] as const) {
      const value = message[field];
      if (value != null && !(Array.isArray(value) && value.length === 0)) {
        refuse(
          ctx,
          "unsupported_parameter",
          [field],
          `\`${field}\` is not supported by this server.`,
        );
        return z.NEVER;
      }
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
    const text = (message.content ?? []).join("");
    return { role: role === "developer" ? "system" : role, content: text };
  });

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
  tools: isEmptyArray,
  tool_choice: (value) => value === "none",
  functions: isEmptyArray,
  function_call: (value) => value === "none",
  logprobs: (value) => value === false,
  top_logprobs: (value) => value === 0,
  logit_bias: (value) => typeof value === "object" && Object.keys(value as object).length === 0,
  modalities: (value) => Array.isArray(value) && value.every((m) => m === "text"),
  audio: () => false,
  prediction: () => false,
  web_search_options: () => false,
  reasoning_effort: () => false,
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

      const format = body.response_format;
      return {
        model: body.model,
        messages: body.messages,
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
