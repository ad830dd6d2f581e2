import "server-only";
import { defaultKeyHasher } from "@better-auth/api-key";
import { type ApiKeyCheck, operatorKeyCheck } from "@/lib/openai-api";
import type { AccountsStore } from "@/lib/store/accounts-store";
import { defaultAccessPolicy, limitsOf, mayUseModel } from "./access-policy";
import { PERSON_KEY_PREFIX } from "./create-auth";

/** A key's last use is written at most this often: a key in steady use costs no write per request. */
export const LAST_USED_PRECISION_MS = 60_000;

/**
 * The keys `/v1` takes with accounts: a person's own (made in the page, `chat_…`, by Better
 * Auth's API key plugin, which stores its hash), whose caller is that person — their owner id,
 * what their role may use — unless the key was revoked, has expired or its person is disabled;
 * or one of the operator's CHAT_API_KEYS. No key is never enough: with accounts the API is not
 * open.
 *
 * The plugin makes, lists and revokes keys, and hashes them as here (`defaultKeyHasher`); the
 * check on each request is ours: one indexed query (key, person, policy) instead of the plugin's
 * verify endpoint (a read and two writes through its endpoint machinery: 7–12 ms per request,
 * docs/benchmarks.md), with the last use recorded at most once a minute and not waited for.
 */
export function accountKeyCheck(options: {
  store: () => Promise<Pick<AccountsStore, "findPersonKey" | "touchPersonKey">>;
  operatorKeys: readonly string[];
  /** The served model's choice id (the policy names models by it). */
  servedModelId: () => string;
  now?: () => Date;
  onError?: (error: unknown) => void;
}): ApiKeyCheck {
  const operator = operatorKeyCheck(options.operatorKeys);
  const now = options.now ?? (() => new Date());
  return async (key, request) => {
    if (!key) return "missing";
    if (!key.startsWith(PERSON_KEY_PREFIX)) {
      return options.operatorKeys.length > 0 ? operator(key, request) : "wrong";
    }
    const store = await options.store();
    const found = await store.findPersonKey(await defaultKeyHasher(key));
    const at = now();
    if (!found?.enabled || found.banned) return "wrong";
    if (found.expiresAt && found.expiresAt.getTime() <= at.getTime()) return "wrong";
    if (!found.lastUsedAt || at.getTime() - found.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      store.touchPersonKey(found.keyId, at).catch((error) => options.onError?.(error));
    }
    const role = found.role === "admin" ? "admin" : "user";
    const policy = found.policy ?? defaultAccessPolicy;
    const rules = policy.roles[role];
    return {
      ownerId: found.personId,
      mayUseServedModel: mayUseModel({ kind: "role", role, rules }, options.servedModelId()),
      limits: limitsOf(policy, role, found.personId),
    };
  };
}
