import type { LanguageModelV4 } from "@ai-sdk/provider";
import { wrapLanguageModel } from "ai";
import type { Limits } from "@/lib/accounts/access-policy";
import { type Admission, overShareMessage } from "@/lib/accounts/fair-shares";
import { onResponseEnd } from "@/lib/http/on-response-end";
import type { ApiCaller } from "./api-caller";
import { OpenAIApiError } from "./openai-api-error";

/** Tokens one model call used. */
export interface CallUsage {
  inputTokens: number;
  outputTokens: number;
}

/** How `/v1` keeps each caller to their share and counts what they use (every protocol). */
export interface CallerShares {
  admit?: (ownerId: string, limits: Limits | undefined) => Promise<Admission>;
  /** Told of each model call's tokens, for the usage report and the tokens of the day. */
  onUsage?: (caller: ApiCaller, model: string, usage: CallUsage) => void;
}

/**
 * Runs a request that calls the model within its caller's share: refused as
 * `rate_limit_exceeded` (429, `Retry-After`, the sentence saying when to go on) when over it;
 * otherwise its reply counts as one at once until its response has been sent.
 */
export async function withinShare(
  shares: CallerShares,
  caller: ApiCaller,
  run: () => Promise<Response>,
): Promise<Response> {
  if (!shares.admit) return run();
  const admission = await shares.admit(caller.ownerId, caller.limits);
  if (!admission.ok) {
    throw new OpenAIApiError("rate_limit_exceeded", {
      message: overShareMessage(admission.over),
      retryAfterSeconds: admission.over.retryAfterSeconds,
    });
  }
  try {
    return onResponseEnd(await run(), admission.done);
  } catch (error) {
    admission.done();
    throw error;
  }
}

/** The model, reporting the tokens of each call it answers (whole or streamed) to `report`. */
export function countingUsage(
  model: LanguageModelV4,
  report: ((usage: CallUsage) => void) | undefined,
): LanguageModelV4 {
  if (!report) return model;
  const tell = (usage: { inputTokens: { total?: number }; outputTokens: { total?: number } }) =>
    report({
      inputTokens: usage.inputTokens.total ?? 0,
      outputTokens: usage.outputTokens.total ?? 0,
    });
  return wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: "v4",
      wrapGenerate: async ({ doGenerate }) => {
        const result = await doGenerate();
        tell(result.usage);
        return result;
      },
      wrapStream: async ({ doStream }) => {
        const result = await doStream();
        return {
          ...result,
          stream: result.stream.pipeThrough(
            new TransformStream({
              transform(part, controller) {
                if (part.type === "finish") tell(part.usage);
                controller.enqueue(part);
              },
            }),
          ),
        };
      },
    },
  });
}
