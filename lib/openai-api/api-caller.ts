import { createHash } from "node:crypto";
import type { Limits } from "@/lib/accounts/access-policy";
import { createApiKeyCheck } from "./authorize";

/**
 * Who a `/v1` request is from, once its key was checked: the owner of what it keeps (stored
 * responses, the local model's cached prefixes) and whether it may use the model served.
 */
export interface ApiCaller {
  /**
   * A person's id for their own key (the page's owner id too, so their stored responses and
   * cache are one); `key-<sha256 prefix>` for an operator key; "api" when the API is open.
   */
  ownerId: string;
  mayUseServedModel: boolean;
  /** A person's fair share (lib/accounts/fair-shares.ts); none for the operator and the open API. */
  limits?: Limits;
}

/** The outcome of a key check: the caller, or why not. */
export type ApiKeyVerdict = ApiCaller | "missing" | "wrong";

/** Checks the key a request carries (each protocol reads it from its own headers). */
export type ApiKeyCheck = (key: string | undefined, request?: Request) => Promise<ApiKeyVerdict>;

/**
 * The operator's keys (CHAT_API_KEYS), each its own owner of everything; none configured: the
 * API is open, and everything is one owner, "api".
 */
export function operatorKeyCheck(keys: readonly string[]): ApiKeyCheck {
  const check = createApiKeyCheck(keys);
  return async (key) => {
    const verdict = check(key);
    if (verdict !== "ok") return verdict;
    return {
      ownerId: keys.length === 0 ? "api" : operatorOwnerId(key ?? ""),
      mayUseServedModel: true,
    };
  };
}

/** The owner of an operator key's things: the start of its SHA-256, never the key. */
export function operatorOwnerId(key: string): string {
  return `key-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}
