import type { z } from "zod";
import type { HistoryLimits } from "@/lib/chat/history-limits";
import { OpenAIApiError } from "./openai-api-error";
import {
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
  type IssueParams,
} from "./schema";

/** Reads and validates a request body; the first problem becomes a 400 naming its field. */
export function createChatCompletionRequestParser(limits: HistoryLimits) {
  const schema = chatCompletionRequestSchema(limits);
  return async (request: Request): Promise<ChatCompletionRequest> => {
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch (cause) {
      throw new OpenAIApiError("invalid_json", { cause });
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new OpenAIApiError("invalid_json");
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
  const code =
    issue.code === "custom"
      ? ((issue.params as IssueParams | undefined)?.code ?? "invalid_value")
      : issue.code === "invalid_type"
        ? issue.input === undefined
          ? "missing_required_parameter"
          : "invalid_type"
        : "invalid_value";
  // Our own checks write whole sentences; zod's need the field named.
  const message =
    issue.code === "custom"
      ? issue.message
      : code === "missing_required_parameter"
        ? `Missing required parameter: '${param}'.`
        : `Invalid '${param}': ${issue.message}`;
  return new OpenAIApiError(code, { message, param, cause: error });
}

/** `["messages", 0, "content"]` → `messages[0].content`, the way OpenAI names parameters. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) =>
      typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`,
    )
    .join("");
}
