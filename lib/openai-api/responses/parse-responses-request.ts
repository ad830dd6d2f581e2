import { createJsonRequestParser } from "../parse-json-request";
import { type ResponsesRequest, responsesRequestSchema } from "./responses-schema";

/**
 * Reads and validates a `POST /v1/responses` body with the rules of every /v1 endpoint: the first
 * problem becomes a 400 naming its field, a body over `maxBodyBytes` a 413.
 */
export function createResponsesRequestParser(
  maxBodyBytes: number,
): (request: Request) => Promise<ResponsesRequest> {
  return createJsonRequestParser(responsesRequestSchema, maxBodyBytes);
}
