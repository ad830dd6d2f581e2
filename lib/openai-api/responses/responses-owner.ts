import { createHash } from "node:crypto";

/**
 * Whose request it is, for stored responses and the model's cache: a stable id derived from the
 * bearer key (never the key itself), or "api" when the server has no keys. The key was checked
 * before this runs.
 * TODO(lead): replace with the shared apiKeyOwner(request) of sec-model (same rule).
 */
export function responsesOwner(request: Request, keysConfigured: boolean): string {
  if (!keysConfigured) return "api";
  const key = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  return `key-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}
