import type { z } from "zod";
import type { HistoryLimits } from "@/lib/chat/limits";
import { formatBytes, readJsonBody } from "@/lib/http/read-json-body";
import { OpenAIApiError } from "@/lib/openai-api";
import {
  countTokensRequestSchema,
  type IssueParams,
  type MessagesRequest,
  messagesRequestSchema,
} from "./schema";

export type MessagesRequestParser = (request: Request) => Promise<MessagesRequest>;

/**
 * Reads and validates a body of `/v1/messages` or `/v1/messages/count_tokens`: the first problem
 * becomes a 400 whose message starts with the field's path, the way Anthropic words them
 * (`messages.0.content.1.type: …`); a body over `maxBodyBytes` is a 413.
 */
export function createMessagesRequestParser(
  limits: HistoryLimits,
  maxBodyBytes: number,
  { countTokens }: { countTokens: boolean },
): MessagesRequestParser {
  const schema = countTokens ? countTokensRequestSchema(limits) : messagesRequestSchema(limits);
  return async (request) => {
    const read = await readJsonBody(request, maxBodyBytes);
    if (!read.ok && read.problem === "too-large") {
      throw new OpenAIApiError("request_too_large", {
        message: `The request body is larger than this server accepts (${formatBytes(maxBodyBytes)}).`,
      });
    }
    if (!read.ok) {
      throw new OpenAIApiError("invalid_json", {
        message: "The request body is not valid JSON: send a JSON object.",
        cause: read.cause,
      });
    }
    const body = read.value;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new OpenAIApiError("invalid_json", {
        message: "The request body must be a JSON object.",
      });
    }
    const result = schema.safeParse(body, { reportInput: true });
    if (result.success) return result.data;
    throw toValidationError(result.error);
  };
}

function toValidationError(error: z.ZodError): OpenAIApiError {
  const issue = error.issues[0];
  if (!issue) return new OpenAIApiError("invalid_value", { cause: error });
  const param = formatPath(issue.path);
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  const code =
    issue.code === "custom"
      ? ((issue.params as IssueParams | undefined)?.code ?? "invalid_value")
      : missing
        ? "missing_required_parameter"
        : issue.code === "invalid_type"
          ? "invalid_type"
          : "invalid_value";
  const problem = missing ? "Field required" : issue.message;
  return new OpenAIApiError(code, {
    message: param ? `${param}: ${problem}` : problem,
    param,
    cause: error,
  });
}

/** `["messages", 0, "content"]` → `messages.0.content`, the way Anthropic names fields. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}
