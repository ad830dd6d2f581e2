import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiCaller, ApiKeyCheck } from "./api-caller";
import { OpenAIApiError } from "./openai-api-error";

export type KeyMatch = "ok" | "missing" | "wrong";

/**
 * Checks a key against the configured keys, in time that does not depend on how much of a key
 * matched. No keys: every request passes. Each protocol reads the key from its own headers.
 */
export function createApiKeyCheck(keys: readonly string[]): (key: string | undefined) => KeyMatch {
  const digests = keys.map(digest);
  return (key) => {
    if (digests.length === 0) return "ok";
    if (!key) return "missing";
    const given = digest(key);
    let known = false;
    for (const candidate of digests) known = timingSafeEqual(candidate, given) || known;
    return known ? "ok" : "wrong";
  };
}

/** The key of `Authorization: Bearer <key>`, if the request has one. */
export function bearerKey(request: Request): string | undefined {
  const header = request.headers.get("authorization") ?? "";
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** Checks `Authorization: Bearer <key>`: the caller, or the OpenAI error that refuses it. */
export function createAuthorizer(check: ApiKeyCheck): (request: Request) => Promise<ApiCaller> {
  return async (request) => {
    const verdict = await check(bearerKey(request), request);
    if (verdict === "missing") {
      throw new OpenAIApiError("invalid_api_key", {
        message:
          "You didn't provide an API key. Send it in an Authorization header: Authorization: Bearer <key>.",
      });
    }
    if (verdict === "wrong") throw new OpenAIApiError("invalid_api_key");
    return verdict;
  };
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key).digest();
}
