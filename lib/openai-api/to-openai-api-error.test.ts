import { APICallError, UnsupportedFunctionalityError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { LlamaCppError } from "@/lib/models/llama-cpp";
import { ModelConfigError } from "@/lib/models/model-config-error";
import { errorCodes } from "./error-codes";
import { OpenAIApiError } from "./openai-api-error";
import { toOpenAIApiError } from "./to-openai-api-error";

const upstream = (statusCode?: number) =>
  new APICallError({
    message: "upstream said no",
    url: "http://127.0.0.1:11434/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
  });

describe("toOpenAIApiError", () => {
  it.each([
    [upstream(429), 429, "rate_limit_exceeded"],
    [upstream(400), 400, "invalid_value"],
    [upstream(422), 400, "invalid_value"],
    [upstream(401), 502, "upstream_error"],
    [upstream(404), 502, "upstream_error"],
    [upstream(500), 502, "upstream_error"],
    [upstream(undefined), 502, "upstream_error"],
    [new UnsupportedFunctionalityError({ functionality: "file parts" }), 400, "unsupported_value"],
    [new ModelConfigError("CHAT_MODEL is wrong"), 503, "model_unavailable"],
    [
      new LlamaCppError({ code: "invalid-json-schema", message: "bad schema" }),
      400,
      "invalid_value",
    ],
    [new LlamaCppError({ code: "queue-full", message: "busy" }), 429, "rate_limit_exceeded"],
    [new DOMException("aborted", "AbortError"), 499, "client_closed_request"],
    [new Error("boom"), 500, "server_error"],
    ["a string", 500, "server_error"],
  ])("maps %o to %i %s and keeps it as cause", (error, status, code) => {
    const mapped = toOpenAIApiError(error);
    expect(mapped.status).toBe(status);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(error);
  });

  it.each([
    [{ code: "input-too-long", inputIndex: 3 }, 400, "context_length_exceeded", "input[3]"],
    [{ code: "invalid-input", inputIndex: 0 }, 400, "invalid_value", "input[0]"],
    [{ code: "invalid-input" }, 400, "invalid_value", "input"],
    [{ code: "invalid-dimensions" }, 400, "unsupported_value", "dimensions"],
  ] as const)("maps the embedding model's %o to %i %s naming %s", (fields, status, code, param) => {
    const error = new LlamaCppError({ ...fields, message: "the model's sentence" });
    const mapped = toOpenAIApiError(error);
    expect(mapped.toBody().error).toEqual({
      message: "the model's sentence",
      type: "invalid_request_error",
      param,
      code,
    });
    expect(mapped.status).toBe(status);
    expect(mapped.cause).toBe(error);
  });

  it("treats any failure of an aborted request as the client leaving", () => {
    const controller = new AbortController();
    controller.abort();
    expect(toOpenAIApiError(new Error("stream closed"), controller.signal).code).toBe(
      "client_closed_request",
    );
  });

  it("passes an OpenAIApiError through", () => {
    const error = new OpenAIApiError("model_not_found", { param: "model" });
    expect(toOpenAIApiError(error)).toBe(error);
  });
});

describe("the error table", () => {
  it("gives every code a status, an OpenAI type and a message, and the envelope all four", () => {
    for (const code of Object.keys(errorCodes) as Array<keyof typeof errorCodes>) {
      const error = new OpenAIApiError(code);
      expect(error.status).toBe(errorCodes[code].status);
      expect(error.toBody()).toEqual({
        error: {
          message: errorCodes[code].message,
          type: errorCodes[code].type,
          param: null,
          code,
        },
      });
      expect(["invalid_request_error", "rate_limit_error", "server_error"]).toContain(error.type);
    }
  });

  it("answers a client's mistakes with 4xx, never 5xx", () => {
    const clientMistakes = [
      "invalid_json",
      "missing_required_parameter",
      "invalid_type",
      "invalid_value",
      "unsupported_parameter",
      "unsupported_value",
      "context_length_exceeded",
    ] as const;
    for (const code of clientMistakes) expect(errorCodes[code].status).toBe(400);
  });
});
