import { apiKeyClient } from "@better-auth/api-key/client";
import { adminClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/**
 * Better Auth's own client, for the account pages in the browser: it speaks to /api/auth on this
 * origin (sign-up and in, keys, the admin plugin's people endpoints, single sign-on).
 */
export const authClient = createAuthClient({
  basePath: "/api/auth",
  plugins: [adminClient(), apiKeyClient()],
});

/** The sentence of a Better Auth error, or a general one. */
export function authErrorMessage(
  error: { message?: string; status?: number } | null | undefined,
): string {
  return error?.message || `That did not work (${error?.status ?? "no answer"}): try again.`;
}
