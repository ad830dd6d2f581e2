import { describe, expect, it } from "vitest";
import { embeddingRequestSchema, MAX_EMBEDDING_INPUTS } from "./embedding-schema";
import { OpenAIApiError } from "./openai-api-error";
import { createJsonRequestParser } from "./parse-json-request";

/** Every rule of the embedding request schema: what passes, and the field and code each refusal names. */

const parse = createJsonRequestParser(embeddingRequestSchema, 64 * 1024 * 1024);
const request = (body: unknown) =>
  new Request("http://x/v1/embeddings", { method: "POST", body: JSON.stringify(body) });

async function refusal(body: unknown) {
  try {
    await parse(request(body));
  } catch (error) {
    if (OpenAIApiError.isInstance(error)) return error.toBody().error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

const many = (count: number, value: unknown) => Array.from({ length: count }, () => value);

describe("accepts", () => {
  it.each([
    ["a string", "Hello", { type: "text", values: ["Hello"] }],
    ["strings", ["a", "b"], { type: "text", values: ["a", "b"] }],
    ["one array of token ids", [1, 2, 3], { type: "tokens", values: [[1, 2, 3]] }],
    ["arrays of token ids", [[1], [0, 2]], { type: "tokens", values: [[1], [0, 2]] }],
    [`${MAX_EMBEDDING_INPUTS} strings`, many(2048, "x"), { type: "text", values: many(2048, "x") }],
    [
      "one token array longer than 2048",
      many(3000, 7),
      { type: "tokens", values: [many(3000, 7)] },
    ],
  ])("input as %s", async (_, input, parsed) => {
    expect(await parse(request({ model: "m", input }))).toEqual({
      model: "m",
      input: parsed,
      encodingFormat: "float",
      dimensions: undefined,
    });
  });

  it("encoding_format and dimensions; null is absent; user and unknown fields are ignored", async () => {
    expect(
      await parse(
        request({
          model: "m",
          input: "x",
          encoding_format: "base64",
          dimensions: 256,
          user: 5,
          extra: {},
        }),
      ),
    ).toEqual({
      model: "m",
      input: { type: "text", values: ["x"] },
      encodingFormat: "base64",
      dimensions: 256,
    });
    expect(
      await parse(request({ model: "m", input: "x", encoding_format: null, dimensions: null })),
    ).toMatchObject({ encodingFormat: "float", dimensions: undefined });
  });
});

describe("refuses, naming the field", () => {
  const base = { model: "m" };
  it.each([
    [{ input: "x" }, "model", "missing_required_parameter"],
    [{ ...base, model: 3, input: "x" }, "model", "invalid_type"],
    [{ ...base, model: "", input: "x" }, "model", "invalid_value"],
    [{ ...base }, "input", "missing_required_parameter"],
    [{ ...base, input: null }, "input", "missing_required_parameter"],
    [{ ...base, input: "" }, "input", "invalid_value"],
    [{ ...base, input: 5 }, "input", "invalid_type"],
    [{ ...base, input: { text: "x" } }, "input", "invalid_type"],
    [{ ...base, input: [] }, "input", "invalid_value"],
    [{ ...base, input: many(2049, "x") }, "input", "invalid_value"],
    [{ ...base, input: many(2049, [1]) }, "input", "invalid_value"],
    [{ ...base, input: ["a", ""] }, "input[1]", "invalid_value"],
    [{ ...base, input: ["a", 5] }, "input[1]", "invalid_type"],
    [{ ...base, input: ["a", ["b"]] }, "input[1]", "invalid_type"],
    [{ ...base, input: [1, "a"] }, "input[1]", "invalid_value"],
    [{ ...base, input: [1, -2] }, "input[1]", "invalid_value"],
    [{ ...base, input: [1, 2.5] }, "input[1]", "invalid_value"],
    [{ ...base, input: [[1], []] }, "input[1]", "invalid_value"],
    [{ ...base, input: [[1], 2] }, "input[1]", "invalid_type"],
    [{ ...base, input: [[1], [2, "x"]] }, "input[1][1]", "invalid_value"],
    [{ ...base, input: [null] }, "input[0]", "invalid_type"],
    [{ ...base, input: [{}] }, "input[0]", "invalid_type"],
    [{ ...base, input: "x", encoding_format: "binary" }, "encoding_format", "invalid_value"],
    [{ ...base, input: "x", dimensions: 0 }, "dimensions", "invalid_value"],
    [{ ...base, input: "x", dimensions: 2.5 }, "dimensions", "invalid_type"],
    [{ ...base, input: "x", dimensions: "256" }, "dimensions", "invalid_type"],
  ])("%j → %s %s", async (body, param, code) => {
    const error = await refusal(body);
    expect(error).toMatchObject({ param, code, type: "invalid_request_error" });
    expect(error.message).not.toBe("");
  });

  it("says what input may be and which input is wrong", async () => {
    expect((await refusal({ model: "m", input: 5 })).message).toBe(
      "`input` must be a string, an array of strings, an array of token ids, or an array of token-id arrays.",
    );
    expect((await refusal({ model: "m", input: ["a", ""] })).message).toBe(
      "input[1] is empty: there is nothing to embed.",
    );
    expect((await refusal({ model: "m", input: many(2049, "x") })).message).toBe(
      "`input` has 2049 inputs; at most 2048 are accepted per request.",
    );
    expect((await refusal({ model: "m", input: [[1], [2, -1]] })).message).toBe(
      "input[1][1] must be a token id: an integer of at least 0.",
    );
  });

  it("refuses a body that is not a JSON object, and one over the size limit", async () => {
    expect(await refusal([1, 2])).toMatchObject({ code: "invalid_json" });
    const small = createJsonRequestParser(embeddingRequestSchema, 100);
    const error = await small(request({ model: "m", input: "x".repeat(200) })).catch((e) => e);
    expect(error).toMatchObject({ code: "request_too_large", status: 413 });
  });
});
