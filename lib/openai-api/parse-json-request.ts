import type { z } from "zod";
import { formatBytes, readJsonBody } from "@/lib/http/read-json-body";
import { OpenAIApiError } from "./openai-api-error";
import type { IssueParams } from "./schema";

/**
 * Reads a request body and validates it with `schema` (one per endpoint, beside it); the first
 * problem becomes a 400 naming its field, a body over `maxBodyBytes` a 413.
 */
export function createJsonRequestParser<T>(schema: z.ZodType<T>, maxBodyBytes: number) {
  return async (request: Request): Promise<T> => {
    const read = await readJsonBody(request, maxBodyBytes);
    if (!read.ok && read.problem === "too-large") {
      throw new OpenAIApiError("request_too_large", {
        message: `The request body is larger than this server accepts (${formatBytes(maxBodyBytes)}).`,
      });
    }
    if (!read.ok) throw new OpenAIApiError("invalid_json", { cause: read.cause });
    const body = read.value;
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
