import "server-only";
import { type ApiKeyCheck, operatorKeyCheck } from "@/lib/openai-api";
import { type Access, mayUseModel, type Role } from "./access-policy";
import type { Auth } from "./create-auth";
import { PERSON_KEY_PREFIX } from "./create-auth";
import { personOf } from "./viewer-of";

/**
 * The keys `/v1` takes with accounts: a person's own (made in the page, `chat_…`; Better Auth's
 * API key plugin checks it — stored hashed, its last use recorded), whose caller is that person
 * — their owner id, what their role may use — unless they are disabled; or one of the operator's
 * CHAT_API_KEYS. No key is never enough: with accounts the API is not open.
 */
export function accountKeyCheck(options: {
  auth: () => Promise<Auth>;
  operatorKeys: readonly string[];
  /** The served model's choice id (the policy names models by it). */
  servedModelId: () => string;
  /** What a role may use now (the admins' policy). */
  accessOf: (role: Role) => Promise<Access>;
}): ApiKeyCheck {
  const operator = operatorKeyCheck(options.operatorKeys);
  return async (key, request) => {
    if (!key) return "missing";
    if (key.startsWith(PERSON_KEY_PREFIX)) {
      const auth = await options.auth();
      // The request's headers: Better Auth finds its own address from them (CHAT_AUTH_URL unset).
      const result = await auth.api
        .verifyApiKey({ body: { key }, headers: request?.headers })
        .catch((error: unknown) => {
          // A key it does not know is a 401 of its own; anything else is the server's failure.
          if ((error as { statusCode?: number }).statusCode === 401) return undefined;
          throw error;
        });
      if (!result?.valid || !result.key) return "wrong";
      const context = await auth.$context;
      // The admin plugin's fields are there, though the core adapter's type does not list them.
      const user = (await context.internalAdapter.findUserById(result.key.referenceId)) as
        | ({ id: string; name: string; email: string } & {
            role?: string | null;
            banned?: boolean | null;
          })
        | null;
      if (!user || user.banned) return "wrong";
      const person = personOf(user);
      const access = await options.accessOf(person.role);
      return {
        ownerId: person.id,
        mayUseServedModel: mayUseModel(access, options.servedModelId()),
      };
    }
    return options.operatorKeys.length > 0 ? operator(key, request) : "wrong";
  };
}
