import "server-only";
import type { GenericEndpointContext } from "better-auth";
import { APIError } from "better-auth/api";
import type { ChatStore } from "@/lib/store";
import type { Role } from "./access-policy";
import { hashInviteToken, INVITE_HEADER } from "./invite-token";

/**
 * Better Auth's hook before a person is created, by any way in (the sign-up form, single sign-on,
 * an admin): the first account is the admin; after it, the sign-up policy decides. An invite
 * link's token (in INVITE_HEADER) is taken here, once, and gives its role. Single sign-on is let
 * in under `invite` too — the operator chose the identity provider, and its people are the team —
 * but not under `closed`.
 */
export function signUpGate(store: ChatStore, now: () => Date = () => new Date()) {
  return async (
    person: { email: string } & Record<string, unknown>,
    context: GenericEndpointContext | null,
  ): Promise<{ data: { role: Role } & Record<string, unknown> }> => {
    const admit = (role: Role) => ({ data: { ...person, role } });
    if ((await store.countPeople()) === 0) return admit("admin");
    const path = context?.path ?? "";
    if (path.startsWith("/admin/")) return admit(person.role === "admin" ? "admin" : "user");
    const { signUp } = await store.getAccessPolicy();
    if (signUp === "closed") throw refused("Sign-up is closed here: ask an admin for an account.");
    const token = context?.headers?.get(INVITE_HEADER);
    if (token) {
      const invite = await store.takeInvite(hashInviteToken(token), person.email, now());
      if (!invite) {
        throw refused(
          "This invite link was used already or has expired: ask an admin for a new one.",
        );
      }
      return admit(invite.role);
    }
    if (
      signUp === "open" ||
      path.startsWith("/callback/") ||
      path.startsWith("/oauth2/callback/")
    ) {
      return admit("user");
    }
    throw refused("Sign-up here is by invitation: open the invite link an admin gave you.");
  };
}

function refused(message: string): APIError {
  return new APIError("FORBIDDEN", { message, code: "SIGN_UP_REFUSED" });
}
