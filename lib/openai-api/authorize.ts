import { createHash, timingSafeEqual } from "node:crypto";
import { OpenAIApiError } from "./openai-api-error";

export type ApiKeyVerdict = "ok" | "missing" | "wrong";

/**
 * Whose a `/v1` request is, for stored responses and the local model's prompt cache
 * (`providerOptions.llamaCpp.cacheOwner`: requests of different owners never reuse, nor hear of,
 * each other's cached prompts). Each key is an owner; with no keys configured, every request is
 * the one owner `"api"`.
 */
export type ApiKeyOwner = string;

/** The owner of every request when no keys are configured. */
export const OPEN_API_OWNER: ApiKeyOwner = "api";

/**
 * Checks a key against the configured keys, in time that does not depend on how much of a key
 * matched. No keys: every request passes. Each protocol reads the key from its own headers.
 */
export function createApiKeyCheck(
  keys: readonly string[],
): (key: string | undefined) => ApiKeyVerdict {
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

/**
 * Checks `Authorization: Bearer <key>` against the configured keys and answers whose request it
 * is (`apiKeyOwner`).
 */
export function createAuthorizer(keys: readonly string[]): (request: Request) => ApiKeyOwner {
  const check = createApiKeyCheck(keys);
  const keysConfigured = keys.length > 0;
  return (request) => {
    const key = bearerKey(request);
    const verdict = check(key);
    if (verdict === "missing") {
      throw new OpenAIApiError("invalid_api_key", {
        message:
          "You didn't provide an API key. Send it in an Authorization header: Authorization: Bearer <key>.",
      });
    }
    if (verdict === "wrong") throw new OpenAIApiError("invalid_api_key");
    return apiKeyOwner(keysConfigured ? key : undefined);
  };
}

/**
 * The owner of a request let in with `key` (undefined: the server has no keys, and every request
 * is `"api"`): `key-` and 16 hex digits of the key's SHA-256, the same across restarts and
 * instances, and not the key. It stays in the server (stored responses, the model's cache
 * bookkeeping); 64 bits of SHA-256 give away nothing of a key with real entropy, though a
 * guessable key is guessable from it.
 */
export function apiKeyOwner(key: string | undefined): ApiKeyOwner {
  if (key === undefined) return OPEN_API_OWNER;
  return `key-${digest(key).toString("hex").slice(0, 16)}`;
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key).digest();
}
