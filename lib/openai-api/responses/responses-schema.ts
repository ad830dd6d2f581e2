import type { JSONSchema7 } from "@ai-sdk/provider";
import { z } from "zod";
import {
  type ApiTool,
  type ApiToolChoice,
  type ReasoningEffort,
  refuse,
  toolParameters,
} from "../schema";
import { type InputItem, inputItemSchema } from "./input-item-schema";

/**
 * The body of `POST /v1/responses` (OpenAI's reference, the Open Responses spec), parsed into what
 * the model call needs. Tools this server cannot run (web search, file search, computer use,
 * hosted MCP, custom and namespaced tools, shells, …) are left out rather than refused: agents
 * such as Codex send them on every turn. Fields nobody defines are ignored; fields that would
 * change what the reply means and cannot be honoured (`conversation`, `prompt`) are refused.
 */
export interface ResponsesRequest {
  model: string;
  /** This request's `input`: a string is one user message. */
  input: InputItem[];
  instructions?: string;
  previousResponseId?: string;
  /** The function tools, the only kind this server runs. */
  tools: ApiTool[];
  /** The tools as sent (skipped ones too), echoed in the response object as OpenAI does. */
  toolsAsSent: unknown[];
  toolChoice?: ApiToolChoice;
  toolChoiceAsSent: unknown;
  parallelToolCalls?: boolean;
  reasoningEffort?: ReasoningEffort;
  reasoningSummary?: string;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  /** `text.format`: JSON (any) or JSON matching a schema. */
  responseFormat?: { type: "json"; schema?: JSONSchema7; name?: string; description?: string };
  textFormat: { type: string; [key: string]: unknown };
  metadata: Record<string, string>;
  /** Default true, as OpenAI: the response is kept for `previous_response_id` and `GET`. */
  store: boolean;
  stream: boolean;
  /** `auto` drops the oldest turns of a conversation too long for the model, instead of a 400. */
  truncation: "auto" | "disabled";
}

const toolName = z
  .string({ error: "A function tool needs a `name`." })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "A tool's name must be 1-64 letters, digits, _ or -.");

const functionToolSchema = z.looseObject({
  type: z.literal("function"),
  name: toolName,
  description: z.string().nullish(),
  parameters: z.unknown().optional(),
  strict: z.boolean().nullish(),
});

/** A tool of any type; only `function` ones are read further. */
const toolSchema = z.looseObject({ type: z.string({ error: "Every tool needs a `type`." }) });

const toolChoiceSchema = z.union(
  [
    z.enum(["none", "auto", "required"]),
    z.looseObject({ type: z.literal("function"), name: z.string() }),
    z.looseObject({
      type: z.literal("allowed_tools"),
      mode: z.enum(["auto", "required"]),
      tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })),
    }),
    z.looseObject({ type: z.string() }),
  ],
  {
    error:
      'tool_choice must be "none", "auto", "required", {"type": "function", "name": …} or {"type": "allowed_tools", …}.',
  },
);

const textFormatSchema = z.discriminatedUnion(
  "type",
  [
    z.looseObject({ type: z.literal("text") }),
    z.looseObject({ type: z.literal("json_object") }),
    z.looseObject({
      type: z.literal("json_schema"),
      name: z
        .string({ error: "A json_schema format needs a `name`." })
        .regex(/^[A-Za-z0-9_-]{1,64}$/, "The name must be 1-64 letters, digits, _ or -."),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown(), {
        error: "A json_schema format needs a `schema` object.",
      }),
      strict: z.boolean().nullish(),
    }),
  ],
  { error: "text.format.type must be text, json_object or json_schema." },
);

const metadataSchema = z
  .record(
    z.string().max(64, "Metadata keys are at most 64 characters."),
    z.string().max(512, "Metadata values are strings of at most 512 characters."),
    { error: "metadata must be an object of strings." },
  )
  .refine((metadata) => Object.keys(metadata).length <= 16, "At most 16 metadata keys.");

/** A string is one user message. */
const inputSchema = z.preprocess(
  (value) => (typeof value === "string" ? [{ role: "user", content: value }] : value),
  z
    .array(inputItemSchema, { error: "input must be a string or an array of items." })
    .min(1, { error: "input must contain at least one item." }),
);

/** Fields OpenAI defines whose meaning this server cannot honour; null and absent pass. */
const refused: Record<string, string> = {
  conversation:
    "`conversation` (the Conversations API) is not supported by this server: continue with `previous_response_id`, or send the history in `input`.",
  prompt: "`prompt` (stored prompt templates) is not supported by this server.",
};

export const responsesRequestSchema = z
  .looseObject({
    model: z.string({ error: "You must provide a model parameter." }).min(1),
    input: inputSchema,
    instructions: z.string().nullish(),
    previous_response_id: z.string().min(1).nullish(),
    tools: z.array(toolSchema, { error: "tools must be an array of tools." }).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    reasoning: z
      .looseObject({
        effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).nullish(),
        summary: z.string().nullish(),
      })
      .nullish(),
    max_output_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    text: z.looseObject({ format: textFormatSchema.nullish() }).nullish(),
    metadata: metadataSchema.nullish(),
    store: z.boolean().nullish(),
    stream: z.boolean().nullish(),
    truncation: z.enum(["auto", "disabled"]).nullish(),
  })
  .transform((body, ctx): ResponsesRequest => {
    for (const [field, message] of Object.entries(refused)) {
      if (body[field] != null) {
        refuse(ctx, "unsupported_parameter", [field], message);
        return z.NEVER;
      }
    }
    const tools: ApiTool[] = [];
    for (const [index, sent] of (body.tools ?? []).entries()) {
      if (sent.type !== "function") continue;
      const parsed = functionToolSchema.safeParse(sent);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        refuse(
          ctx,
          "invalid_value",
          ["tools", index, ...(issue?.path ?? [])],
          issue?.message ?? "",
        );
        return z.NEVER;
      }
      const { name, description } = parsed.data;
      if (tools.some((earlier) => earlier.name === name)) {
        refuse(ctx, "invalid_value", ["tools", index, "name"], `Two tools are named '${name}'.`);
        return z.NEVER;
      }
      const parameters = toolParameters(
        parsed.data.parameters,
        name,
        ["tools", index, "parameters"],
        ctx,
      );
      if (!parameters) return z.NEVER;
      tools.push({ name, ...(description ? { description } : {}), parameters });
    }
    const choice = toToolChoice(body.tool_choice ?? undefined, tools, ctx);
    if (choice === false) return z.NEVER;

    const format = body.text?.format ?? { type: "text" as const };
    return {
      model: body.model,
      input: body.input,
      instructions: body.instructions ?? undefined,
      previousResponseId: body.previous_response_id ?? undefined,
      tools: choice.tools,
      toolsAsSent: body.tools ?? [],
      toolChoice: choice.toolChoice,
      toolChoiceAsSent: body.tool_choice ?? "auto",
      parallelToolCalls: body.parallel_tool_calls ?? undefined,
      reasoningEffort: body.reasoning?.effort ?? undefined,
      reasoningSummary: body.reasoning?.summary ?? undefined,
      maxOutputTokens: body.max_output_tokens ?? undefined,
      temperature: body.temperature ?? undefined,
      topP: body.top_p ?? undefined,
      responseFormat:
        format.type === "json_object"
          ? { type: "json" }
          : format.type === "json_schema"
            ? {
                type: "json",
                name: format.name,
                description: format.description ?? undefined,
                schema: format.schema as JSONSchema7,
              }
            : undefined,
      textFormat: format,
      metadata: body.metadata ?? {},
      store: body.store ?? true,
      stream: body.stream === true,
      truncation: body.truncation ?? "disabled",
    };
  });

type ToolChoiceSent = z.infer<typeof toolChoiceSchema>;

/**
 * The choice among the function tools. `allowed_tools` narrows the tools to those it lists; a
 * choice that forces a tool this server cannot run, or one not in `tools`, is a 400.
 */
function toToolChoice(
  sent: ToolChoiceSent | undefined,
  tools: ApiTool[],
  ctx: z.RefinementCtx,
): { tools: ApiTool[]; toolChoice?: ApiToolChoice } | false {
  const fail = (message: string) => {
    refuse(ctx, "invalid_value", ["tool_choice"], message);
    return false as const;
  };
  if (sent === undefined) return { tools };
  if (typeof sent === "string") {
    if (sent === "required" && tools.length === 0) {
      return fail("`tool_choice` asks for a tool call, but `tools` has no function tool.");
    }
    return { tools, toolChoice: sent };
  }
  if (sent.type === "function" && "name" in sent && typeof sent.name === "string") {
    const { name } = sent;
    if (!tools.some((tool) => tool.name === name)) {
      return fail(`\`tool_choice\` names the function '${name}', which is not in \`tools\`.`);
    }
    return { tools, toolChoice: { name } };
  }
  if (sent.type === "allowed_tools" && "mode" in sent && Array.isArray(sent.tools)) {
    const allowed = new Set(
      sent.tools.flatMap((tool) => (tool.type === "function" && tool.name ? [tool.name] : [])),
    );
    const kept = tools.filter((tool) => allowed.has(tool.name));
    if (sent.mode === "required" && kept.length === 0) {
      return fail(
        "`tool_choice` requires a call to one of its `tools`, but none is a function tool.",
      );
    }
    const mode = sent.mode === "required" ? "required" : "auto";
    return { tools: kept, toolChoice: kept.length === 0 ? undefined : mode };
  }
  refuse(
    ctx,
    "unsupported_value",
    ["tool_choice"],
    `\`tool_choice\` asks for a '${sent.type}' tool, which this server cannot run: it runs function tools only.`,
  );
  return false;
}
