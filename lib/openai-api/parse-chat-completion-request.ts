import type { HistoryLimits } from "@/lib/chat/limits";
import { createJsonRequestParser } from "./parse-json-request";
import { chatCompletionRequestSchema } from "./schema";

export { formatPath } from "./parse-json-request";

/**
 * Reads and validates a chat completion request; the first problem becomes a 400 naming its
 * field, a body over `maxBodyBytes` a 413.
 */
export function createChatCompletionRequestParser(limits: HistoryLimits, maxBodyBytes: number) {
  return createJsonRequestParser(chatCompletionRequestSchema(limits), maxBodyBytes);
}
