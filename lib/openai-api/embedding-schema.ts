import { z } from "zod";
import { formatPath } from "./parse-json-request";
import { refuse } from "./schema";

/**
 * The body of `POST /v1/embeddings`, as the OpenAI reference defines it: `input` is a text, texts,
 * one array of token ids, or arrays of token ids. Whether each input fits the model (and whether
 * its token ids exist) is the model's to say; `user` and unknown fields are ignored.
 */

/** OpenAI's limit of inputs per request. */
export const MAX_EMBEDDING_INPUTS = 2048;

export type EmbeddingInput =
  | { type: "text"; values: string[] }
  /** Token ids of the model's own vocabulary, one array per input. */
  | { type: "tokens"; values: number[][] };

export interface EmbeddingRequest {
  model: string;
  input: EmbeddingInput;
  /** `base64`: each vector as little-endian float32 bytes, base64-encoded (what OpenAI sends). */
  encodingFormat: "float" | "base64";
  dimensions?: number;
}

const FORMS =
  "`input` must be a string, an array of strings, an array of token ids, or an array of token-id arrays.";

type Ctx = z.RefinementCtx;

const isTokenId = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

/** The first element that is not a token id, refused by its path; true when all are. */
function checkTokenIds(values: readonly unknown[], path: PropertyKey[], ctx: Ctx): boolean {
  const bad = values.findIndex((value) => !isTokenId(value));
  if (bad < 0) return true;
  refuse(
    ctx,
    "invalid_value",
    [...path, bad],
    `${formatPath([...path, bad])} must be a token id: an integer of at least 0.`,
  );
  return false;
}

/** The inputs, or undefined after refusing the first problem by its path. */
function parseInput(input: unknown, ctx: Ctx): EmbeddingInput | undefined {
  if (input === undefined || input === null) {
    refuse(ctx, "missing_required_parameter", ["input"], "Missing required parameter: 'input'.");
    return undefined;
  }
  if (typeof input === "string") {
    if (input !== "") return { type: "text", values: [input] };
    refuse(ctx, "invalid_value", ["input"], "`input` is empty: there is nothing to embed.");
    return undefined;
  }
  if (!Array.isArray(input)) {
    refuse(ctx, "invalid_type", ["input"], FORMS);
    return undefined;
  }
  if (input.length === 0) {
    refuse(ctx, "invalid_value", ["input"], "`input` is an empty array: send at least one input.");
    return undefined;
  }
  const first = input[0];
  // One array of token ids is one input, however long.
  if (typeof first === "number") {
    return checkTokenIds(input, ["input"], ctx)
      ? { type: "tokens", values: [input as number[]] }
      : undefined;
  }
  if (input.length > MAX_EMBEDDING_INPUTS) {
    refuse(
      ctx,
      "invalid_value",
      ["input"],
      `\`input\` has ${input.length} inputs; at most ${MAX_EMBEDDING_INPUTS} are accepted per request.`,
    );
    return undefined;
  }
  if (typeof first === "string") {
    for (const [index, value] of input.entries()) {
      if (typeof value !== "string") {
        refuse(
          ctx,
          "invalid_type",
          ["input", index],
          `input[${index}] must be a string, as input[0] is. ${FORMS}`,
        );
        return undefined;
      }
      if (value === "") {
        refuse(
          ctx,
          "invalid_value",
          ["input", index],
          `input[${index}] is empty: there is nothing to embed.`,
        );
        return undefined;
      }
    }
    return { type: "text", values: input as string[] };
  }
  if (Array.isArray(first)) {
    for (const [index, value] of input.entries()) {
      if (!Array.isArray(value)) {
        refuse(
          ctx,
          "invalid_type",
          ["input", index],
          `input[${index}] must be an array of token ids, as input[0] is. ${FORMS}`,
        );
        return undefined;
      }
      if (value.length === 0) {
        refuse(
          ctx,
          "invalid_value",
          ["input", index],
          `input[${index}] is empty: there is nothing to embed.`,
        );
        return undefined;
      }
      if (!checkTokenIds(value, ["input", index], ctx)) return undefined;
    }
    return { type: "tokens", values: input as number[][] };
  }
  refuse(ctx, "invalid_type", ["input", 0], FORMS);
  return undefined;
}

export const embeddingRequestSchema = z
  .looseObject({
    model: z.string({ error: "You must provide a model parameter." }).min(1),
    input: z.unknown(),
    encoding_format: z
      .enum(["float", "base64"], { error: "encoding_format must be float or base64." })
      .nullish(),
    dimensions: z.number().int().positive().nullish(),
  })
  .transform((body, ctx): EmbeddingRequest => {
    const input = parseInput(body.input, ctx);
    if (!input) return z.NEVER;
    return {
      model: body.model,
      input,
      encodingFormat: body.encoding_format ?? "float",
      dimensions: body.dimensions ?? undefined,
    };
  });
