import { formatBytes, readJsonBody } from "@/lib/http/read-json-body";
import { OpenAIApiError } from "../openai-api-error";
import { toValidationError } from "../parse-chat-completion-request";
import { type ResponsesRequest, responsesRequestSchema } from "./responses-schema";

/**
 * Reads and validates a `POST /v1/responses` body; the first problem becomes a 400 naming its
 * field, a body over `maxBodyBytes` a 413 (the same rules as chat completions).
 */
export function createResponsesRequestParser(maxBodyBytes: number) {
  return async (request: Request): Promise<ResponsesRequest> => {
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
    const result = responsesRequestSchema.safeParse(body, { reportInput: true });
    if (result.success) return result.data;
    throw toValidationError(result.error);
  };
}
