import { type OverShare, overShareMessage } from "@/lib/accounts/fair-shares";
import type { TurnRefusal } from "@/lib/chat/turn";
import type { FileRefusal } from "@/lib/files";
import { formatBytes } from "@/lib/http/read-json-body";
import type { ImportRefusal } from "@/lib/import";

/**
 * Every way the page's API (`/api/*`) refuses a request: the turn's own refusals, and those of
 * the request itself (no session, a body too large or not JSON, a file that is not an export…).
 * Nothing is stored for a refused request.
 */
export type PageRefusal =
  | TurnRefusal
  | { reason: "no-session" }
  | { reason: "body-too-large"; maxBytes: number }
  | { reason: "invalid-json" }
  | { reason: "invalid-request" }
  | { reason: "unknown-url"; method: string; path: string }
  | { reason: "method-not-allowed"; allow: string }
  | ImportRefusal
  | { reason: "unknown-export-format"; format: string }
  | { reason: "too-many-followers" }
  | { reason: "invalid-cursor"; detail: string }
  | { reason: "accounts-off" }
  | { reason: "admin-only" }
  | { reason: "not-found" }
  | { reason: "over-share"; over: OverShare }
  | FileRefusal
  | { reason: "file-sent-already" };

export type PageRefusalReason = PageRefusal["reason"];

type Entry<R extends PageRefusalReason> = {
  status: number;
  message: (refusal: Extract<PageRefusal, { reason: R }>) => string;
};

/**
 * The one table: each refusal's HTTP status and the sentence people read. The reason is the
 * error's `code`, for the page to act on.
 */
export const refusals: { [R in PageRefusalReason]: Entry<R> } = {
  "no-session": { status: 401, message: () => "No session: reload the page." },
  "body-too-large": {
    status: 413,
    message: ({ maxBytes }) =>
      `This message is too large to send: a request may carry at most ${formatBytes(maxBytes)}.`,
  },
  "invalid-json": { status: 400, message: () => "The request body is not valid JSON." },
  "invalid-request": {
    status: 400,
    message: () => "The request does not say what to send: reload the page.",
  },
  "unknown-url": {
    status: 404,
    message: ({ method, path }) => `Unknown request URL: ${method} ${path}.`,
  },
  "method-not-allowed": {
    status: 405,
    message: ({ allow }) => `This method is not allowed here; use ${allow}.`,
  },
  "conversation-not-found": { status: 404, message: () => "This conversation does not exist." },
  "conversation-changed": {
    status: 409,
    message: () => "This conversation has changed since the page showed it: reload the page.",
  },
  "message-sent-already": {
    status: 409,
    message: () => "This message was sent already: reload the page.",
  },
  "invalid-message-id": { status: 400, message: ({ detail }) => detail },
  "empty-message": {
    status: 400,
    message: () => "The message is empty: type something to send.",
  },
  "message-too-long": {
    status: 413,
    message: ({ maxChars }) =>
      `This message is too long to send: at most ${maxChars.toLocaleString("en")} characters.`,
  },
  "too-many-messages": {
    status: 400,
    message: ({ messages, max }) =>
      `The conversation has ${messages} messages; at most ${max} are accepted. Start a new conversation.`,
  },
  "conversation-full": {
    status: 409,
    message: ({ max }) =>
      `This conversation holds ${max.toLocaleString("en")} messages with all their versions, the most one may: delete versions you no longer need, or start a new conversation.`,
  },
  "not-a-participant": {
    status: 400,
    message: ({ name }) => `${name} is not a participant of this conversation.`,
  },
  "reply-going-on": { status: 409, message: () => "This reply is already going on." },
  "nothing-to-answer": {
    status: 409,
    message: () => "This reply has no tool call waiting for an answer.",
  },
  "unanswered-calls": {
    status: 400,
    message: () =>
      "Answer every tool call waiting for approval (Allow or Deny) before the reply goes on.",
  },
  "import-too-large": {
    status: 413,
    message: ({ maxBytes }) =>
      `This file is too large to import: at most ${formatBytes(maxBytes)} (CHAT_MAX_IMPORT_BYTES).`,
  },
  "not-an-export": { status: 400, message: ({ detail }) => detail },
  "import-running": {
    status: 409,
    message: () =>
      "An import of yours is still running: wait for it to finish, then import this file.",
  },
  "import-stopped": { status: 422, message: ({ detail }) => detail },
  "unknown-export-format": {
    status: 400,
    message: ({ format }) => `Unknown format ${JSON.stringify(format)}: use json or markdown.`,
  },
  "invalid-cursor": { status: 400, message: ({ detail }) => detail },
  "too-many-followers": {
    status: 429,
    message: () =>
      "This reply is already followed by as many pages as it may be: close another tab showing it, then reload.",
  },
  "accounts-off": {
    status: 404,
    message: () => "This server has no accounts (CHAT_AUTH=none): there is nothing to manage.",
  },
  "admin-only": { status: 403, message: () => "Only an admin may do this." },
  "over-share": { status: 429, message: ({ over }) => overShareMessage(over) },
  "not-found": { status: 404, message: () => "There is no such thing here." },
  "file-too-large": {
    status: 413,
    message: ({ maxBytes }) =>
      `This file is too large to attach: at most ${formatBytes(maxBytes)} (CHAT_FILE_MAX_BYTES).`,
  },
  "file-type-unknown": {
    status: 415,
    message: ({ name }) =>
      `${name} is not a kind of file this chat reads: attach text, Markdown, code, CSV, JSON, HTML, PDF, DOCX, or a PNG, JPEG, WebP or GIF image.`,
  },
  "too-many-pages": {
    status: 413,
    message: ({ pages, maxPages }) =>
      `This PDF has ${pages.toLocaleString("en")} pages; at most ${maxPages.toLocaleString("en")} are read (CHAT_FILE_MAX_PAGES).`,
  },
  "line-too-long": {
    status: 422,
    message: ({ maxChars }) =>
      `This file has a line longer than ${maxChars.toLocaleString("en")} characters: it is not a document the chat reads.`,
  },
  "archive-bomb": {
    status: 422,
    message: ({ maxBytes }) =>
      `This document unpacks to more than ${formatBytes(maxBytes)}: it looks like an archive bomb, so it is not read.`,
  },
  "file-unreadable": {
    status: 422,
    message: ({ name, detail }) => `${name} could not be read: ${detail}`,
  },
  "file-read-too-long": {
    status: 422,
    message: ({ timeLimitMs }) =>
      `Reading this file took longer than ${Math.round(timeLimitMs / 1000)} s, so it was stopped (CHAT_FILE_READ_TIME_LIMIT_MS).`,
  },
  "file-read-out-of-memory": {
    status: 422,
    message: ({ memoryMb }) =>
      `Reading this file needed more than ${memoryMb} MB of memory, so it was stopped (CHAT_FILE_READ_MEMORY_MB).`,
  },
  "owner-files-full": {
    status: 413,
    message: ({ maxBytes }) =>
      `Your files already take up to ${formatBytes(maxBytes)}, all you may keep (CHAT_FILE_BYTES_PER_OWNER): delete conversations with files you no longer need.`,
  },
  "too-many-files": {
    status: 400,
    message: ({ max }) => `A message may carry at most ${max} files (CHAT_FILES_PER_MESSAGE).`,
  },
  "file-not-found": {
    status: 404,
    message: () => "This file does not exist (or was removed): attach it again.",
  },
  "file-sent-already": {
    status: 409,
    message: () => "This file was sent with a message already, so it stays with it.",
  },
  "model-not-allowed": {
    status: 403,
    message: ({ model }) =>
      `Your role may not use the model ${model}: pick another in the conversation's Settings, or ask an admin.`,
  },
  "model-not-offered": {
    status: 400,
    message: () => "That model is not one of the choices: reload the page and pick another.",
  },
};

/** The response for a refusal: `{ error: { code, message } }` with the table's status. */
export function refusalResponse(refusal: PageRefusal): Response {
  const entry = refusals[refusal.reason] as Entry<typeof refusal.reason>;
  const headers: Record<string, string> =
    refusal.reason === "method-not-allowed"
      ? { allow: refusal.allow }
      : refusal.reason === "over-share"
        ? { "retry-after": String(refusal.over.retryAfterSeconds) }
        : {};
  return Response.json(
    { error: { code: refusal.reason, message: entry.message(refusal as never) } },
    { status: entry.status, headers },
  );
}

const marker = Symbol.for("chat-completion.page-api.refused");

/** Thrown inside a route to refuse the request; the handler answers it from the table. */
export class PageApiRefusal extends Error {
  readonly [marker] = true;
  constructor(readonly refusal: PageRefusal) {
    super(refusal.reason);
    this.name = "PageApiRefusal";
  }

  static isInstance(error: unknown): error is PageApiRefusal {
    return typeof error === "object" && error !== null && marker in error;
  }
}

export function refuse(refusal: PageRefusal): never {
  throw new PageApiRefusal(refusal);
}
