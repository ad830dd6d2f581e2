import { z } from "zod";
import type { OpenAIApiErrorCode } from "../error-codes";
import { refuse } from "../schema";

/** Text of a message, as it was sent: a user's `input_text` or an assistant's `output_text`. */
export type TextPart = { type: "input_text"; text: string } | { type: "output_text"; text: string };

export type MessageRole = "user" | "system" | "developer" | "assistant";

/**
 * One item of a request's `input`, checked and reduced to what the model reads. Items of tools
 * this server cannot run (web search calls, shell calls, MCP calls, …) come through as `other`:
 * kept with the response, left out of the prompt.
 */
export type InputItem =
  | { type: "message"; id?: string; role: MessageRole; content: TextPart[] }
  | { type: "function_call"; id?: string; call_id: string; name: string; arguments: string }
  | { type: "function_call_output"; id?: string; call_id: string; output: string }
  /** A model's earlier thinking: kept, not sent back to the model (as the chat page does). */
  | { type: "reasoning"; id?: string; sent: Record<string, unknown> }
  /** An item of a stored response, named by its id (the AI SDK sends these when `store` is on). */
  | { type: "item_reference"; id: string }
  | { type: "other"; id?: string; sent: Record<string, unknown> & { type: string } };

type Ctx = z.RefinementCtx;

const idField = z.string().min(1).nullish();

const partSchema = z.looseObject({
  type: z.string({ error: "Every content part needs a `type`." }),
  text: z.unknown().optional(),
  refusal: z.unknown().optional(),
});

const messageSchema = z.looseObject({
  id: idField,
  role: z.string({ error: "A message needs a `role`." }),
  content: z.union([z.string(), z.array(partSchema)], {
    error: "A message's `content` must be a string or an array of parts.",
  }),
});

const functionCallSchema = z.looseObject({
  id: idField,
  call_id: z.string({ error: "A function_call needs a `call_id`." }).min(1),
  name: z.string({ error: "A function_call needs a `name`." }).min(1),
  arguments: z.string({ error: "A function_call's `arguments` is the JSON text, a string." }),
});

const functionCallOutputSchema = z.looseObject({
  id: idField,
  call_id: z.string({ error: "A function_call_output needs a `call_id`." }).min(1),
  output: z.union([z.string(), z.array(partSchema)], {
    error: "A function_call_output's `output` must be a string or an array of parts.",
  }),
});

const itemReferenceSchema = z.looseObject({
  id: z.string({ error: "An item_reference needs the `id` of a stored item." }).min(1),
});

function invalid(ctx: Ctx, error: z.ZodError, code: OpenAIApiErrorCode = "invalid_value") {
  const issue = error.issues[0];
  const missing = issue?.code === "invalid_type" && issue.input === undefined;
  refuse(
    ctx,
    missing ? "missing_required_parameter" : code,
    issue?.path ?? [],
    issue?.message ?? "",
  );
}

/** The text of parts that must all be text; anything else (images, files, audio) is refused. */
function textOf(
  parts: Array<z.infer<typeof partSchema>>,
  path: PropertyKey,
  role: MessageRole | "tool",
  ctx: Ctx,
): TextPart[] | undefined {
  const texts: TextPart[] = [];
  for (const [index, part] of parts.entries()) {
    const text = part.type === "refusal" ? part.refusal : part.text;
    const isText = ["input_text", "output_text", "text", "refusal"].includes(part.type);
    if (!isText) {
      refuse(
        ctx,
        "unsupported_value",
        [path, index, "type"],
        `Content parts of type '${part.type}' are not supported: this server reads text only.`,
      );
      return undefined;
    }
    if (typeof text !== "string") {
      refuse(ctx, "invalid_type", [path, index, "text"], "A text part needs `text`, a string.");
      return undefined;
    }
    texts.push({ type: role === "assistant" ? "output_text" : "input_text", text });
  }
  return texts;
}

const roles: readonly string[] = ["user", "system", "developer", "assistant"];

export const inputItemSchema = z
  .looseObject({ type: z.string().nullish(), id: idField })
  .transform((item, ctx): InputItem => {
    // A message may leave out its type (OpenAI's "easy input message").
    const type = item.type ?? ("role" in item ? "message" : undefined);
    const id = item.id ?? undefined;
    switch (type) {
      case "message": {
        const parsed = messageSchema.safeParse(item);
        if (!parsed.success) {
          invalid(ctx, parsed.error);
          return z.NEVER;
        }
        const { role, content } = parsed.data;
        if (!roles.includes(role)) {
          refuse(
            ctx,
            "invalid_value",
            ["role"],
            `Invalid role '${role}': use user, assistant, system or developer.`,
          );
          return z.NEVER;
        }
        const messageRole = role as MessageRole;
        const parts =
          typeof content === "string"
            ? [{ type: "input_text", text: content }]
            : (content as Array<z.infer<typeof partSchema>>);
        const texts = textOf(parts, "content", messageRole, ctx);
        if (!texts) return z.NEVER;
        return { type: "message", ...(id ? { id } : {}), role: messageRole, content: texts };
      }
      case "function_call": {
        const parsed = functionCallSchema.safeParse(item);
        if (!parsed.success) {
          invalid(ctx, parsed.error);
          return z.NEVER;
        }
        const { call_id, name, arguments: args } = parsed.data;
        return { type, ...(id ? { id } : {}), call_id, name, arguments: args };
      }
      case "function_call_output": {
        const parsed = functionCallOutputSchema.safeParse(item);
        if (!parsed.success) {
          invalid(ctx, parsed.error);
          return z.NEVER;
        }
        const { call_id, output } = parsed.data;
        const texts =
          typeof output === "string" ? [{ text: output }] : textOf(output, "output", "tool", ctx);
        if (!texts) return z.NEVER;
        return {
          type,
          ...(id ? { id } : {}),
          call_id,
          output: texts.map((part) => part.text).join(""),
        };
      }
      case "reasoning":
        return { type, ...(id ? { id } : {}), sent: item };
      case "item_reference": {
        const parsed = itemReferenceSchema.safeParse(item);
        if (!parsed.success) {
          invalid(ctx, parsed.error);
          return z.NEVER;
        }
        return { type, id: parsed.data.id };
      }
      case undefined:
        refuse(ctx, "missing_required_parameter", ["type"], "Every input item needs a `type`.");
        return z.NEVER;
      default:
        return { type: "other", ...(id ? { id } : {}), sent: { ...item, type } };
    }
  });
