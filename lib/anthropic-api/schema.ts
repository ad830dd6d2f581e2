import type { JSONSchema7 } from "@ai-sdk/provider";
import { z } from "zod";
import type { HistoryLimits } from "@/lib/chat/limits";
import {
  type ApiFilePart,
  type OpenAIApiErrorCode,
  readImageUrl,
  readPdfData,
} from "@/lib/openai-api";

/**
 * The body of `POST /v1/messages` (and of `/v1/messages/count_tokens`, which has no `max_tokens`)
 * as Anthropic's Messages API defines it, parsed into what the model call needs. Fields nobody
 * here can honour but that ask for nothing we would do wrong (`metadata`, `service_tier`,
 * `context_management`, `output_config`, `cache_control`, …) are ignored; content the model
 * cannot read is refused by name.
 */

export type UserPart =
  | { type: "text"; text: string }
  /** An image or a PDF (`image`, `document` blocks), checked; `at` is its block's index. */
  | { type: "file"; file: ApiFilePart; at: number }
  | {
      type: "tool-result";
      toolUseId: string;
      /** The name of the call it answers (chat formats show it). */
      toolName: string;
      text: string;
      isError: boolean;
    };

export type AssistantPart =
  | { type: "text"; text: string }
  | { type: "thinking"; text: string }
  | { type: "tool-use"; id: string; name: string; input: Record<string, unknown> };

/**
 * A message of the conversation. `system` ones come from clients that place instructions between
 * turns (Claude Code sends its environment that way).
 */
export type MessagesTurn =
  | { role: "user"; parts: UserPart[] }
  | { role: "assistant"; parts: AssistantPart[] }
  | { role: "system"; text: string };

export interface MessagesTool {
  name: string;
  description?: string;
  inputSchema: JSONSchema7;
}

export type MessagesToolChoice = "auto" | "any" | "none" | { name: string };

/** `thinking`: a token budget, the model's own choice (`adaptive`), or none. */
export type MessagesThinking =
  | { type: "enabled"; budgetTokens: number }
  | { type: "adaptive" }
  | { type: "disabled" };

export interface MessagesRequest {
  model: string;
  system?: string;
  messages: MessagesTurn[];
  /** Required by `/v1/messages`, absent for `count_tokens`. Not yet clamped. */
  maxTokens?: number;
  stream: boolean;
  stopSequences?: string[];
  temperature?: number;
  topP?: number;
  topK?: number;
  tools?: MessagesTool[];
  toolChoice?: MessagesToolChoice;
  /** `tool_choice.disable_parallel_tool_use`: at most one call per reply. */
  parallelToolCalls?: false;
  thinking?: MessagesThinking;
}

/** A zod issue's `params.code` names the error code when it is not the default. */
export interface IssueParams {
  code: OpenAIApiErrorCode;
}

type Ctx = z.RefinementCtx;

function refuse(ctx: Ctx, code: OpenAIApiErrorCode, path: PropertyKey[], message: string) {
  ctx.addIssue({ code: "custom", path, message, params: { code } satisfies IssueParams });
}

const text = z.string({ error: "a string is required" });

/** Blocks of text, joined as separate paragraphs (the model sees one text). */
const joinText = (texts: string[]) => texts.join("\n\n");

const systemSchema = z.union(
  [
    text,
    z.array(z.object({ type: z.literal("text", { error: "system blocks must be text" }), text }), {
      error: "system must be a string or an array of text blocks",
    }),
  ],
  { error: "system must be a string or an array of text blocks" },
);

/** What the model cannot read is replaced, not refused, inside a tool's result (see docs). */
function omitted(type: string): string {
  return `[${type} omitted: this model reads text only]`;
}

const toolResultContent = z.union(
  [text, z.array(z.looseObject({ type: z.string(), text: z.unknown().optional() }))],
  { error: "content must be a string or an array of content blocks" },
);

const sourceSchema = z.looseObject({
  type: z.string({ error: "a source needs a type" }),
  media_type: z.string().nullish(),
  data: z.string().nullish(),
  url: z.string().nullish(),
});

/**
 * An `image` or `document` block's source as a part the model may take: base64 data (typed from
 * its bytes, not its `media_type`), or for an image an https address (only OpenAI's models fetch
 * it; this server never does). Files of Anthropic's Files API (`file_id`) are not here.
 */
function fileOf(
  kind: "image" | "document",
  source: z.infer<typeof sourceSchema>,
  ctx: Ctx,
): ApiFilePart | typeof z.NEVER {
  const read =
    source.type === "base64" && typeof source.data === "string"
      ? kind === "image"
        ? readImageUrl(`data:${source.media_type ?? "image/png"};base64,${source.data}`, undefined)
        : readPdfData(`data:application/pdf;base64,${source.data}`, undefined)
      : source.type === "url" && kind === "image" && typeof source.url === "string"
        ? readImageUrl(source.url, undefined)
        : {
            code: "unsupported_value" as const,
            problem:
              source.type === "file"
                ? "files of Anthropic's Files API are not on this server: send the file itself as a base64 source"
                : source.type === "url"
                  ? "this server does not fetch document addresses: send the PDF as a base64 source"
                  : `${kind} sources of type '${source.type}' are not supported: send a base64 source`,
          };
  if ("problem" in read) {
    refuse(ctx, read.code, ["source"], read.problem);
    return z.NEVER;
  }
  return read.part;
}

/** One content block before it is placed in its message; undefined is a block left out. */
type ParsedBlock = UserPart | AssistantPart | { type: "file"; file: ApiFilePart } | undefined;

const blockSchema = z
  .looseObject({ type: z.string({ error: "every content block needs a type" }) })
  .transform((block, ctx): ParsedBlock => {
    const field = <T>(name: string, schema: z.ZodType<T>): T | typeof z.NEVER => {
      const result = schema.safeParse(block[name], { reportInput: true });
      if (result.success) return result.data;
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue, path: [name, ...issue.path] } as z.core.$ZodRawIssue);
      }
      return z.NEVER;
    };
    switch (block.type) {
      case "text":
        return { type: "text", text: field("text", text) };
      case "thinking":
        return { type: "thinking", text: field("thinking", text) };
      case "image":
      case "document": {
        const source = field("source", sourceSchema);
        if (source === z.NEVER) return z.NEVER;
        const file = fileOf(block.type, source, ctx);
        return file === z.NEVER ? z.NEVER : { type: "file", file };
      }
      case "redacted_thinking":
        // Encrypted by Anthropic for its own models: nobody here can read it.
        return undefined;
      case "tool_use": {
        const id = field("id", z.string().min(1));
        const name = field("name", z.string().min(1));
        const input = field("input", z.record(z.string(), z.unknown(), { error: "an object" }));
        return { type: "tool-use", id, name, input };
      }
      case "tool_result": {
        const toolUseId = field("tool_use_id", z.string().min(1));
        const content = field("content", toolResultContent.nullish());
        const isError = field("is_error", z.boolean().nullish());
        const blocks = typeof content === "string" ? [{ type: "text", text: content }] : content;
        return {
          type: "tool-result",
          toolUseId,
          // The call's name, known once the message before is seen (matchToolResults).
          toolName: "",
          text: joinText(
            (blocks ?? []).map((part) =>
              part.type === "text" && typeof part.text === "string"
                ? part.text
                : omitted(part.type),
            ),
          ),
          isError: isError === true,
        };
      }
      default:
        refuse(
          ctx,
          "unsupported_value",
          ["type"],
          `content blocks of type '${block.type}' are not supported: this server reads text, image, document, tool_use, tool_result and thinking blocks`,
        );
        return z.NEVER;
    }
  });

const messageSchema = z
  .object({
    role: z.enum(["user", "assistant", "system"], {
      error: "role must be 'user', 'assistant' or 'system'",
    }),
    // A string is one text block.
    content: z.preprocess(
      (value) => (typeof value === "string" ? [{ type: "text", text: value }] : value),
      z.array(blockSchema, { error: "content must be a string or an array of content blocks" }),
    ),
  })
  .transform((message, ctx): MessagesTurn => {
    const blocks = message.content;
    const misplaced = (index: number, problem: string) => {
      refuse(ctx, "invalid_value", ["content", index, "type"], problem);
      return z.NEVER;
    };
    if (message.role === "system") {
      const texts: string[] = [];
      for (const [index, block] of blocks.entries()) {
        if (block?.type === "text") texts.push(block.text);
        else if (block) return misplaced(index, "system messages hold text blocks only");
      }
      return { role: "system", text: joinText(texts) };
    }
    if (message.role === "user") {
      const parts: UserPart[] = [];
      const texts: string[] = [];
      // Text and files in their order, when there are files; else the text joined.
      const ordered: UserPart[] = [];
      for (const [index, block] of blocks.entries()) {
        if (block?.type === "text") {
          texts.push(block.text);
          ordered.push(block);
        } else if (block?.type === "file") ordered.push({ ...block, at: index });
        else if (block?.type === "tool-result") parts.push(block);
        else if (block) {
          return misplaced(index, "only assistant messages hold tool_use and thinking blocks");
        }
      }
      // Results first: they answer the calls of the turn before, and the text follows them.
      if (ordered.some((part) => part.type === "file")) {
        return { role: "user", parts: [...parts, ...ordered] };
      }
      return {
        role: "user",
        parts: texts.length > 0 ? [...parts, { type: "text", text: joinText(texts) }] : parts,
      };
    }
    const parts: AssistantPart[] = [];
    for (const [index, block] of blocks.entries()) {
      if (block?.type === "tool-result") {
        return misplaced(index, "tool_result blocks belong in user messages");
      }
      if (block?.type === "file") {
        return misplaced(index, "image and document blocks belong in user messages");
      }
      if (block) parts.push(block);
    }
    return { role: "assistant", parts };
  });

const toolSchema = z.looseObject({
  type: z.string().nullish(),
  name: z.string({ error: "a tool needs a name" }),
  description: z.string().nullish(),
  input_schema: z.unknown().optional(),
  defer_loading: z.boolean().nullish(),
});

const toolChoiceSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().nullish() }),
    z.object({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().nullish() }),
    z.object({
      type: z.literal("tool"),
      name: z.string({ error: "a tool_choice of type 'tool' names the tool" }),
      disable_parallel_tool_use: z.boolean().nullish(),
    }),
    z.object({ type: z.literal("none") }),
  ],
  { error: "tool_choice.type must be auto, any, tool or none" },
);

const thinkingSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("enabled"), budget_tokens: z.number().int().min(0) }),
    z.object({ type: z.literal("adaptive") }),
    z.object({ type: z.literal("disabled") }),
  ],
  { error: "thinking.type must be enabled, adaptive or disabled" },
);

/** Anthropic's rule for custom tools' names (Claude Code's MCP tools are `mcp__server__tool`). */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Custom tools become functions the model may call. Skipped, not refused: Anthropic's own tool
 * types (`web_search_…`, `bash_…`, `text_editor_…`, `computer_…`, …), which carry no schema we
 * could document to the model, and tools with `defer_loading`, which Anthropic keeps out of the
 * prompt until its tool search loads them (a search this server does not run).
 */
function toTools(tools: z.infer<typeof toolSchema>[], ctx: Ctx): MessagesTool[] | typeof z.NEVER {
  const kept: MessagesTool[] = [];
  for (const [index, tool] of tools.entries()) {
    if ((tool.type != null && tool.type !== "custom") || tool.defer_loading === true) continue;
    if (!TOOL_NAME.test(tool.name)) {
      refuse(
        ctx,
        "invalid_value",
        ["tools", index, "name"],
        "must be 1-128 letters, digits, _ or -",
      );
      return z.NEVER;
    }
    if (kept.some((earlier) => earlier.name === tool.name)) {
      refuse(
        ctx,
        "invalid_value",
        ["tools", index, "name"],
        `tool names must be unique: '${tool.name}' comes twice`,
      );
      return z.NEVER;
    }
    const schema = tool.input_schema;
    const problem =
      typeof schema !== "object" || schema === null || Array.isArray(schema)
        ? "a JSON schema object is required"
        : "type" in schema && schema.type !== "object"
          ? `the schema's type must be "object", not ${JSON.stringify(schema.type)}`
          : undefined;
    if (problem) {
      refuse(ctx, "invalid_value", ["tools", index, "input_schema"], problem);
      return z.NEVER;
    }
    kept.push({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      inputSchema: schema as JSONSchema7,
    });
  }
  return kept;
}

/**
 * Each assistant message's `tool_use` blocks are answered by `tool_result` blocks in the user
 * message after it, and each result answers one of them, as Anthropic requires; the result takes
 * the call's name. `system` messages between them do not count. The conversation's last turn
 * must be the user's.
 */
function matchToolResults(messages: MessagesTurn[], ctx: Ctx): boolean {
  const turns = [...messages.entries()].filter(([, message]) => message.role !== "system");
  for (const [position, [index, message]] of turns.entries()) {
    if (message.role === "assistant") {
      const calls = message.parts.flatMap((part) => (part.type === "tool-use" ? [part.id] : []));
      const next = turns[position + 1];
      if (!next) continue;
      const [nextIndex, nextMessage] = next;
      const answered = new Set(
        nextMessage.role === "user"
          ? nextMessage.parts.flatMap((part) =>
              part.type === "tool-result" ? [part.toolUseId] : [],
            )
          : [],
      );
      const missing = calls.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        refuse(
          ctx,
          "invalid_value",
          ["messages", nextIndex],
          `tool_use ids were found without tool_result blocks immediately after: ${missing.join(", ")}. Each tool_use block must have a tool_result block in the next message`,
        );
        return false;
      }
      continue;
    }
    if (message.role !== "user") continue;
    const previous = turns[position - 1]?.[1];
    const names = new Map(
      previous?.role === "assistant"
        ? previous.parts.flatMap((part) => (part.type === "tool-use" ? [[part.id, part.name]] : []))
        : [],
    );
    for (const [partIndex, part] of message.parts.entries()) {
      if (part.type !== "tool-result") continue;
      const name = names.get(part.toolUseId);
      if (name === undefined) {
        refuse(
          ctx,
          "invalid_value",
          ["messages", index, "content", partIndex, "tool_use_id"],
          `no tool_use block with id '${part.toolUseId}' in the message before`,
        );
        return false;
      }
      part.toolName = name;
    }
  }
  const last = turns.at(-1);
  if (!last) {
    refuse(ctx, "invalid_value", ["messages"], "a user message is required");
    return false;
  }
  if (last[1].role !== "user") {
    refuse(
      ctx,
      "unsupported_value",
      ["messages", last[0], "role"],
      "the last message must be the user's: continuing an assistant message (prefill) is not supported by this server",
    );
    return false;
  }
  return true;
}

/**
 * Claude Code's first system block, `x-anthropic-billing-header: cc_version=…; …`, is Anthropic's
 * billing metadata, not an instruction, and its version tag changes between sessions (some
 * versions also stamp each request, `cch=…`): at the very start of the prompt, it would keep the
 * model from reusing anything of an earlier prompt. It is left out (llama-server normalizes it).
 */
const BILLING_HEADER = "x-anthropic-billing-header:";

function systemText(system: string | { text: string }[] | undefined): string | undefined {
  if (system === undefined) return undefined;
  const blocks = typeof system === "string" ? [system] : system.map((block) => block.text);
  const kept = blocks.filter((text) => !text.startsWith(BILLING_HEADER));
  return kept.length === 0 ? undefined : joinText(kept);
}

const maxTokens = z.number({ error: "an integer is required" }).int().min(1);

function requestSchema(limits: HistoryLimits, { countTokens }: { countTokens: boolean }) {
  return z
    .looseObject({
      model: z.string({ error: "a model name is required" }).min(1),
      max_tokens: countTokens ? z.unknown().optional() : maxTokens,
      messages: z
        .array(messageSchema, { error: "an array of messages is required" })
        .min(1, "at least one message is required")
        .max(limits.maxMessages, `at most ${limits.maxMessages} messages are accepted`),
      system: systemSchema.nullish(),
      stream: z.boolean().nullish(),
      stop_sequences: z.array(text).nullish(),
      temperature: z.number().min(0).max(1).nullish(),
      top_p: z.number().min(0).max(1).nullish(),
      top_k: z.number().int().min(0).nullish(),
      tools: z.array(toolSchema, { error: "an array of tools is required" }).nullish(),
      tool_choice: toolChoiceSchema.nullish(),
      thinking: thinkingSchema.nullish(),
      metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
    })
    .transform((body, ctx): MessagesRequest => {
      const tools = toTools(body.tools ?? [], ctx);
      if (tools === z.NEVER) return z.NEVER;
      if (!matchToolResults(body.messages, ctx)) return z.NEVER;
      const choice = body.tool_choice ?? undefined;
      if (choice?.type === "tool" && !tools.some((tool) => tool.name === choice.name)) {
        refuse(ctx, "invalid_value", ["tool_choice", "name"], `no tool is named '${choice.name}'`);
        return z.NEVER;
      }
      if ((choice?.type === "tool" || choice?.type === "any") && tools.length === 0) {
        refuse(
          ctx,
          "invalid_value",
          ["tool_choice"],
          "asks for a tool call, but there are no tools",
        );
        return z.NEVER;
      }
      const system = systemText(body.system ?? undefined);
      const thinking = body.thinking ?? undefined;
      return {
        model: body.model,
        ...(system === undefined ? {} : { system }),
        messages: body.messages,
        ...(typeof body.max_tokens === "number" && !countTokens
          ? { maxTokens: body.max_tokens }
          : {}),
        stream: body.stream === true,
        ...(body.stop_sequences?.length ? { stopSequences: body.stop_sequences } : {}),
        ...(body.temperature == null ? {} : { temperature: body.temperature }),
        ...(body.top_p == null ? {} : { topP: body.top_p }),
        ...(body.top_k == null ? {} : { topK: body.top_k }),
        ...(tools.length > 0 ? { tools } : {}),
        ...(choice === undefined
          ? {}
          : { toolChoice: choice.type === "tool" ? { name: choice.name } : choice.type }),
        ...(choice && "disable_parallel_tool_use" in choice && choice.disable_parallel_tool_use
          ? { parallelToolCalls: false as const }
          : {}),
        ...(thinking === undefined
          ? {}
          : {
              thinking:
                thinking.type === "enabled"
                  ? { type: "enabled", budgetTokens: thinking.budget_tokens }
                  : { type: thinking.type },
            }),
      };
    });
}

/** `POST /v1/messages`: `max_tokens` is required. */
export const messagesRequestSchema = (limits: HistoryLimits) =>
  requestSchema(limits, { countTokens: false });

/** `POST /v1/messages/count_tokens`: the same prompt, no `max_tokens`. */
export const countTokensRequestSchema = (limits: HistoryLimits) =>
  requestSchema(limits, { countTokens: true });
