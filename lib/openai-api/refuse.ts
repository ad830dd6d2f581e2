import type { z } from "zod";
import type { OpenAIApiErrorCode } from "./error-codes";

/** A zod issue's `params.code` names the OpenAI error code when it is not the default. */
export interface IssueParams {
  code: OpenAIApiErrorCode;
}

/** Adds an issue whose OpenAI code and sentence are ours (see `IssueParams`). */
export function refuse(
  ctx: z.RefinementCtx,
  code: OpenAIApiErrorCode,
  path: PropertyKey[],
  message: string,
) {
  ctx.addIssue({ code: "custom", path, message, params: { code } satisfies IssueParams });
}
