import { z } from "zod";
import { replySourceSchema } from "./reply-sources";

/**
 * What a stored message is made of, in order: text, a reasoning model's thinking, and tool calls
 * with their input, state and output. The page shows each (Markdown, a Thinking block, a tool
 * card); the model gets them back in its own format. A message's `content` is its text parts
 * joined, kept beside them for search, export and the seed's `{role, content}` contract.
 */
export const toolStates = [
  /** The model asked; waiting for the user's Allow or Deny. */
  "approval-requested",
  /** Allowed (by the user, or always for this tool in this conversation): running. */
  "running",
  "output-available",
  "output-error",
  /** The user said no; the model is told so. */
  "output-denied",
  /** The server stopped (crash, Stop) before the call ended. */
  "interrupted",
] as const;
export type ToolState = (typeof toolStates)[number];

export const messagePartSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({
    type: z.literal("reasoning"),
    text: z.string(),
    /** How long the model thought, for "Thought for N s". */
    durationMs: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal("tool"),
    toolCallId: z.string().min(1),
    toolName: z.string().min(1),
    /** The MCP server the tool belongs to, when it is one. */
    server: z.string().optional(),
    input: z.unknown(),
    state: z.enum(toolStates),
    /** The AI SDK's id for the approval asked for this call, which the user's answer names. */
    approvalId: z.string().min(1).optional(),
    output: z.unknown().optional(),
    errorText: z.string().optional(),
  }),
  /**
   * A file the user attached (a row of the `files` table of the same owner): a user message's
   * file parts come before its text. The model gets the file's text or image (lib/chat/turn).
   */
  z.object({
    type: z.literal("file"),
    fileId: z.string().min(1),
    /** The file's name as uploaded: shown, and given to the model. */
    name: z.string().min(1).max(255),
    /** Detected from the bytes where possible, not trusted from the browser. */
    mediaType: z.string().min(1),
    size: z.number().int().nonnegative(),
    /** PDFs (and DOCX when known). */
    pages: z.number().int().positive().optional(),
  }),
  /**
   * The passages of the conversation's files a reply was given (retrieval), first in its parts:
   * the page lists them under the reply, and `[n]` in its text links to them. Never sent back to
   * the model as part of the reply (the next turn retrieves for its own question).
   */
  z.object({ type: z.literal("sources"), sources: z.array(replySourceSchema) }),
  /**
   * Files on the path the reply's model could not take (images, to a model that cannot see),
   * named, first in its parts: the page says so under the reply, after a reload too. Never sent
   * to a model.
   */
  z.object({
    type: z.literal("unseen-files"),
    names: z.array(z.string().min(1).max(255)).min(1),
  }),
]);

export type MessagePart = z.infer<typeof messagePartSchema>;

/** The text parts joined: what `content` holds. */
export function textOfParts(parts: readonly MessagePart[]): string {
  return parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** A plain text message's parts (none for an empty one, e.g. a reply not begun). */
export function partsOfText(text: string): MessagePart[] {
  return text === "" ? [] : [{ type: "text", text }];
}

export type ToolPart = Extract<MessagePart, { type: "tool" }>;
export type FilePart = Extract<MessagePart, { type: "file" }>;

/** The files a message carries. */
export function filePartsOf(parts: readonly MessagePart[]): FilePart[] {
  return parts.filter((part): part is FilePart => part.type === "file");
}

/**
 * Whether the part at `position` begins a new model step: text or thinking that follows tool
 * calls is what the model wrote after reading their results (a reply is call, result, …, answer).
 */
export function startsStep(parts: readonly MessagePart[], position: number): boolean {
  return parts[position - 1]?.type === "tool" && parts[position]?.type !== "tool";
}

/** How many model steps of a reply ended in tool calls (each run of calls is one). */
export function toolStepsOf(parts: readonly MessagePart[]): number {
  return parts.filter((part, i) => part.type === "tool" && parts[i + 1]?.type !== "tool").length;
}
