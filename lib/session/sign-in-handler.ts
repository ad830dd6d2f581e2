import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiErrorResponse } from "@/lib/http/api-error-response";
import { readJsonBody } from "@/lib/http/read-json-body";
import { findOperatorKey } from "./operator-keys";
import { isHttpsRequest } from "./request-protocol";
import { SIGN_IN_MAX_AGE_S, signInCookieName, signSignIn } from "./sign-in-cookie";

const signInSchema = z.object({ key: z.string().min(1).max(4096) });

export interface SignInOptions {
  /** CHAT_API_KEYS. */
  keys: readonly string[];
  secret: () => Promise<string>;
}

/**
 * `POST /api/session` with `{ "key": "…" }`: one of the operator's keys signs this browser in
 * (204 and the signed cookie); anything else is 401, with nothing set.
 */
export function createSignInHandler(
  options: SignInOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (options.keys.length === 0) {
      return apiErrorResponse(404, "not-found", "This server needs no sign-in.");
    }
    const body = await readJsonBody(request, 8192);
    const parsed = body.ok ? signInSchema.safeParse(body.value) : undefined;
    if (!parsed?.success) {
      return apiErrorResponse(400, "invalid-request", 'Send the key as JSON: {"key": "…"}.');
    }
    const keyId = await findOperatorKey(options.keys, parsed.data.key);
    if (!keyId) {
      return apiErrorResponse(401, "invalid-key", "That is not one of this server's keys.");
    }
    const https = isHttpsRequest(request.headers, request.url);
    const response = new NextResponse(null, { status: 204 });
    response.cookies.set(signInCookieName(https), await signSignIn(keyId, await options.secret()), {
      httpOnly: true,
      sameSite: "lax",
      secure: https,
      path: "/",
      maxAge: SIGN_IN_MAX_AGE_S,
    });
    return response;
  };
}
