/**
 * The one table of every error the API answers with: its HTTP status, OpenAI error `type`, and the
 * message used when the thrower gives none. The keys are the envelope's `code`.
 */
export const errorCodes = {
  /** The body is not JSON. */
  invalid_json: {
    status: 400,
    type: "invalid_request_error",
    message: "We could not parse the JSON body of your request: send a JSON object.",
  },
  missing_required_parameter: {
    status: 400,
    type: "invalid_request_error",
    message: "A required parameter is missing.",
  },
  invalid_type: {
    status: 400,
    type: "invalid_request_error",
    message: "A parameter has the wrong type.",
  },
  invalid_value: {
    status: 400,
    type: "invalid_request_error",
    message: "A parameter has an invalid value.",
  },
  /** An array longer than this server accepts (`tools` past CHAT_API_MAX_TOOLS): OpenAI's code. */
  array_above_max_length: {
    status: 400,
    type: "invalid_request_error",
    message: "An array is longer than this server accepts.",
  },
  /** A field OpenAI defines that this server cannot honour (tools, logprobs, …). */
  unsupported_parameter: {
    status: 400,
    type: "invalid_request_error",
    message: "This parameter is not supported by this server.",
  },
  /** A value this server cannot honour (n > 1, an image part, …). */
  unsupported_value: {
    status: 400,
    type: "invalid_request_error",
    message: "This value is not supported by this server.",
  },
  context_length_exceeded: {
    status: 400,
    type: "invalid_request_error",
    message: "The messages and max_tokens together exceed the model's context length.",
  },
  invalid_api_key: {
    status: 401,
    type: "invalid_request_error",
    message:
      "Incorrect API key provided. Send one of the server's keys as Authorization: Bearer <key>.",
  },
  model_not_found: {
    status: 404,
    type: "invalid_request_error",
    message: "The model does not exist on this server.",
  },
  unknown_url: { status: 404, type: "invalid_request_error", message: "Unknown request URL." },
  /** `GET`/`DELETE /v1/responses/{id}` of a response that is not stored (for this key). */
  response_not_found: {
    status: 404,
    type: "invalid_request_error",
    message: "No stored response has this id.",
  },
  /** `previous_response_id` names no stored response of this key (OpenAI answers 400). */
  previous_response_not_found: {
    status: 400,
    type: "invalid_request_error",
    message: "The previous response was not found.",
  },
  /** The body is larger than CHAT_MAX_BODY_BYTES. */
  request_too_large: {
    status: 413,
    type: "invalid_request_error",
    message: "The request body is too large.",
  },
  method_not_allowed: {
    status: 405,
    type: "invalid_request_error",
    message: "This method is not allowed for this URL.",
  },
  /** The local model's wait queue is full; the response carries `Retry-After`. */
  rate_limit_exceeded: {
    status: 429,
    type: "rate_limit_error",
    message: "The model is busy. Try again shortly.",
  },
  /** The client went away; nobody reads this one, but it must not be logged as a server fault. */
  client_closed_request: {
    status: 499,
    type: "invalid_request_error",
    message: "The client closed the request.",
  },
  server_error: {
    status: 500,
    type: "server_error",
    message: "The server had an error while processing your request.",
  },
  /** A reply limit (CHAT_IDLE_TIMEOUT_MS, CHAT_TOTAL_TIMEOUT_MS) stopped the model. */
  timeout: {
    status: 504,
    type: "server_error",
    message: "The model took too long and was stopped.",
  },
  /** The remote model server (openai:, openai-compatible:) failed. */
  upstream_error: {
    status: 502,
    type: "server_error",
    message: "The model server behind this API failed.",
  },
  /** The model could not be found, downloaded or loaded. */
  model_unavailable: {
    status: 503,
    type: "server_error",
    message: "The model is not available.",
  },
} as const satisfies Record<string, { status: number; type: string; message: string }>;

export type OpenAIApiErrorCode = keyof typeof errorCodes;
