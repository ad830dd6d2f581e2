import "server-only";
import { type Env, env } from "@/lib/env";
import { allowedHostsFrom } from "@/lib/http/allowed-hosts";
import { sessionSecret } from "@/lib/session/session-secret";
import { getChatStore } from "@/lib/store";
import { type Auth, type AuthSettings, createAuth } from "./create-auth";

const key = Symbol.for("chat.accounts.auth");
type Holder = { [key]?: Promise<Auth> };

/**
 * The app's Better Auth, made on first use from the settings, on the store's connection (kept on
 * `globalThis`: Next may load this module once per bundle). Only with CHAT_AUTH=accounts.
 */
export function getAuth(): Promise<Auth> {
  const holder = globalThis as Holder;
  holder[key] ??= openAuth().catch((error: unknown) => {
    delete holder[key];
    throw error;
  });
  return holder[key];
}

async function openAuth(): Promise<Auth> {
  const settings = env();
  return createAuth(await getChatStore(), authSettingsFrom(settings, await sessionSecret()));
}

export function authSettingsFrom(settings: Env, secret: string): AuthSettings {
  const oidc =
    settings.CHAT_OIDC_ISSUER && settings.CHAT_OIDC_CLIENT_ID && settings.CHAT_OIDC_CLIENT_SECRET
      ? {
          issuer: settings.CHAT_OIDC_ISSUER,
          clientId: settings.CHAT_OIDC_CLIENT_ID,
          clientSecret: settings.CHAT_OIDC_CLIENT_SECRET,
          scopes: settings.CHAT_OIDC_SCOPES.split(/[\s,]+/).filter(Boolean),
        }
      : undefined;
  return {
    secret,
    baseURL: settings.CHAT_AUTH_URL ?? { allowedHosts: authHostPatterns(settings) },
    secureCookies: settings.CHAT_AUTH_URL?.startsWith("https:") ?? false,
    oidc,
  };
}

/** The names the server answers to, as Better Auth's host patterns (`name` or `name:port`). */
function authHostPatterns(settings: Env): string[] {
  const hosts = allowedHostsFrom({
    host: settings.HOST,
    port: settings.PORT,
    extra: settings.CHAT_ALLOWED_HOSTS,
  });
  return hosts.flatMap(({ hostname, port }) =>
    port === undefined ? [hostname, `${hostname}:*`] : [`${hostname}:${port}`],
  );
}

/** Whether people sign in (CHAT_AUTH=accounts). */
export function accountsEnabled(): boolean {
  return env().CHAT_AUTH === "accounts";
}
