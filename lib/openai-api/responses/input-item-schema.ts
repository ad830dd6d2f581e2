import { z } from "zod";
import { type ImageDetail, readImageUrl, readPdfData } from "../content-parts";
import type { OpenAIApiErrorCode } from "../error-codes";
import { refuse } from "../schema";

/** Text of a message, as it was sent: a user's `input_text` or an assistant's `output_text`. */
export type TextPart = { type: "input_text"; text: string } | { type: "output_text"; text: string };

/**
 * An image or a PDF of a user's message, kept as it was sent (checked: a data URL whose bytes
 * are an image or a PDF, or an https image address) and read again for the model's prompt.
 */
export type FilePart =
  | { type: "input_image"; image_url: string; detail?: ImageDetail }
  | { type: "input_file"; file_data: string; filename: string };

export type MessagePart = TextPart | FilePart;

export type MessageRole = "user" | "system" | "developer" | "assistant";

/**
 * One item of a request's `input`, checked and reduced to what the model reads. Items of tools
 * this server cannot run (web search calls, shell calls, MCP calls, …) come through as `other`:
 * kept with the response, left out of the prompt.
 */
export type InputItem =
  | { type: "message"; id?: string; role: MessageRole; content: MessagePart[] }
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

const inputImageSchema = z.object({
  image_url: z.string({ error: "An input_image needs `image_url`, a string." }).nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(["auto", "low", "high"]).nullish(),
});

const inputFileSchema = z.object({
  file_data: z.string({ error: "An input_file's `file_data` is a data URL, a string." }).nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().max(255).nullish(),
});

const FILES_API =
  "names a file of OpenAI's Files API, which this server does not have: send the file itself";

/** A user's image or PDF, checked; undefined when refused (the issue is added). */
function filePart(
  part: z.infer<typeof partSchema>,
  path: PropertyKey[],
  ctx: Ctx,
): FilePart | undefined {
  if (part.type === "input_image") {
    const parsed = inputImageSchema.safeParse(part);
    if (!parsed.success) {
      invalid(ctx, parsed.error);
      return undefined;
    }
    const { image_url, file_id } = parsed.data;
    const detail = parsed.data.detail ?? undefined;
    if (file_id != null) {
      refuse(
        ctx,
        "unsupported_value",
        [...path, "file_id"],
        `\`file_id\` ${FILES_API} as \`image_url\` (data:image/png;base64,…).`,
      );
      return undefined;
    }
    if (image_url == null) {
      refuse(
        ctx,
        "missing_required_parameter",
        [...path, "image_url"],
        "An input_image needs `image_url`: a data URL or an https address.",
      );
      return undefined;
    }
    const read = readImageUrl(image_url, detail);
    if ("problem" in read) {
      refuse(ctx, read.code, [...path, "image_url"], read.problem);
      return undefined;
    }
    return { type: "input_image", image_url, ...(detail ? { detail } : {}) };
  }
  const parsed = inputFileSchema.safeParse(part);
  if (!parsed.success) {
    invalid(ctx, parsed.error);
    return undefined;
  }
  const { file_data, file_id, file_url, filename } = parsed.data;
  if (file_id != null) {
    refuse(
      ctx,
      "unsupported_value",
      [...path, "file_id"],
      `\`file_id\` ${FILES_API} as \`file_data\` (data:application/pdf;base64,…).`,
    );
    return undefined;
  }
  if (file_url != null) {
    refuse(
      ctx,
      "unsupported_value",
      [...path, "file_url"],
      "This server does not fetch file addresses: send the file itself as `file_data` (data:application/pdf;base64,…).",
    );
    return undefined;
  }
  if (file_data == null) {
    refuse(
      ctx,
      "missing_required_parameter",
      [...path, "file_data"],
      "An input_file needs `file_data`: the file as a data URL (data:application/pdf;base64,…).",
    );
    return undefined;
  }
  const read = readPdfData(file_data, filename ?? undefined);
  if ("problem" in read) {
    refuse(ctx, read.code, [...path, "file_data"], read.problem);
    return undefined;
  }
  return { type: "input_file", file_data, filename: read.part.filename };
}

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

/**
 * The parts of a message: text, and in a user's message images and PDFs; anything else (audio,
 * an image in another role's message) is refused.
 */
function partsOf(
  parts: Array<z.infer<typeof partSchema>>,
  path: PropertyKey,
  role: MessageRole | "tool",
  ctx: Ctx,
): MessagePart[] | undefined {
  const kept: MessagePart[] = [];
  for (const [index, part] of parts.entries()) {
    if (role === "user" && (part.type === "input_image" || part.type === "input_file")) {
      const file = filePart(part, [path, index], ctx);
      if (!file) return undefined;
      kept.push(file);
      continue;
    }
    const text = textPart(part, [path, index], role, ctx);
    if (!text) return undefined;
    kept.push(text);
  }
  return kept;
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
    const text = textPart(part, [path, index], role, ctx);
    if (!text) return undefined;
    texts.push(text);
  }
  return texts;
}

function textPart(
  part: z.infer<typeof partSchema>,
  path: PropertyKey[],
  role: MessageRole | "tool",
  ctx: Ctx,
): TextPart | undefined {
  const text = part.type === "refusal" ? part.refusal : part.text;
  const isText = ["input_text", "output_text", "text", "refusal"].includes(part.type);
  if (!isText) {
    const isFile = part.type === "input_image" || part.type === "input_file";
    refuse(
      ctx,
      isFile ? "invalid_value" : "unsupported_value",
      [...path, "type"],
      isFile
        ? `Only user messages may carry images and files; this is a ${role === "tool" ? "function_call_output" : `${role} message`}.`
        : `Content parts of type '${part.type}' are not supported: this server reads text, input_image and input_file (PDF) parts.`,
    );
    return undefined;
  }
  if (typeof text !== "string") {
    refuse(ctx, "invalid_type", [...path, "text"], "A text part needs `text`, a string.");
    return undefined;
  }
  return { type: role === "assistant" ? "output_text" : "input_text", text };
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
        const kept = partsOf(parts, "content", messageRole, ctx);
        if (!kept) return z.NEVER;
        return { type: "message", ...(id ? { id } : {}), role: messageRole, content: kept };
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
