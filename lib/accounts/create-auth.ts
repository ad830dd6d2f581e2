import "server-only";
import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { admin, genericOAuth } from "better-auth/plugins";
import { withoutTrailingSlashes } from "@/lib/http/request-path";
import type { ChatStore } from "@/lib/store";
import { deliverResetLink } from "./reset-links";
import { signUpGate } from "./sign-up-gate";

/** The provider id of single sign-on: its return address is `/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";
/** Prefix of a person's API keys, so that one pasted somewhere is recognisable. */
export const PERSON_KEY_PREFIX = "chat_";

export interface AuthSettings {
  /** Signs Better Auth's cookies and tokens (the session secret). */
  secret: string;
  /**
   * CHAT_AUTH_URL, or else the names the server answers to (`host`, `host:port`): each request's
   * own address is then the base of the links Better Auth makes.
   */
  baseURL: string | { allowedHosts: string[] };
  /** Cookies `Secure` (and `__Secure-`): when CHAT_AUTH_URL is https. */
  secureCookies: boolean;
  oidc?: { issuer: string; clientId: string; clientSecret: string; scopes: string[] };
}

/**
 * Better Auth on the store's own connection (its tables are in our schema and migrations):
 * e-mail and password, sessions in the database (no cookie cache, so a disabled person's
 * sessions end at once, on every instance), the admin plugin (roles `admin` and `user`, disable
 * = ban, remove), per-person API keys (hashed; our own quotas, not the plugin's rate limit), and
 * single sign-on through any OpenID Connect provider (generic OAuth with discovery).
 */
export function createAuth(store: ChatStore, settings: AuthSettings) {
  const database = store.authDatabase();
  return betterAuth({
    appName: "Chat",
    secret: settings.secret,
    baseURL: settings.baseURL,
    basePath: "/api/auth",
    database: drizzleAdapter(database.db, { provider: database.provider, schema: database.schema }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 256,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 24 * 60 * 60,
      sendResetPassword: async ({ url }) => deliverResetLink(url),
    },
    session: { expiresIn: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    user: { changeEmail: { enabled: false } },
    databaseHooks: {
      user: {
        create: { before: signUpGate(store) },
        delete: { after: async (person) => store.deleteOwnerData(person.id) },
      },
    },
    advanced: {
      // A session and its person in one query (relations: lib/store/*/accounts-relations.ts).
      database: { joins: true },
      cookiePrefix: "chat",
      useSecureCookies: settings.secureCookies,
      trustedProxyHeaders: true,
    },
    plugins: [
      admin({ defaultRole: "user", adminRoles: ["admin"] }),
      apiKey({
        defaultPrefix: PERSON_KEY_PREFIX,
        rateLimit: { enabled: false },
        maximumNameLength: 60,
        keyExpiration: { defaultExpiresIn: null },
      }),
      ...(settings.oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  discoveryUrl: `${withoutTrailingSlashes(settings.oidc.issuer)}/.well-known/openid-configuration`,
                  clientId: settings.oidc.clientId,
                  clientSecret: settings.oidc.clientSecret,
                  scopes: settings.oidc.scopes,
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
