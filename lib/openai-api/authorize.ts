import { createHash, timingSafeEqual } from "node:crypto";
import { OpenAIApiError } from "./openai-api-error";

/**
 * Checks `Authorization: Bearer <key>` against the configured keys, in time that does not depend
 * on how much of a key matched. No keys: every request passes.
 */
export function createAuthorizer(keys: readonly string[]): (request: Request) => void {
  const digests = keys.map(digest);
  return (request) => {
    if (digests.length === 0) return;
    const header = request.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw new OpenAIApiError("invalid_api_key", {
        message:
          "You didn't provide an API key. Send it in an Authorization header: Authorization: Bearer <key>.",
      });
    }
    const given = digest(match[1]);
    let known = false;
    for (const key of digests) known = timingSafeEqual(key, given) || known;
    if (!known) throw new OpenAIApiError("invalid_api_key");
  };
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key).digest();
}
