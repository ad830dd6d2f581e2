import { AccountSignInForm } from "@/components/account-sign-in-form";
import { DocumentPage } from "@/components/document/document-page";
import { SignInForm } from "@/components/sign-in-form";
import { env } from "@/lib/env";
import { localPath } from "@/lib/http/local-path";

export const dynamic = "force-dynamic";

/**
 * With accounts (CHAT_AUTH=accounts): a person signs in with their e-mail and password, or
 * through single sign-on. Without: asks for one of the operator's keys while CHAT_API_KEYS
 * protects the page. Either way proxy.ts sends every page here until then, and it goes back to
 * the page that was asked for.
 */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  const settings = env();
  if (settings.CHAT_AUTH === "accounts") {
    return (
      <DocumentPage title="Sign in" narrow>
        <AccountSignInForm
          next={localPath(next)}
          sso={settings.CHAT_OIDC_ISSUER ? { name: settings.CHAT_OIDC_NAME } : undefined}
        />
      </DocumentPage>
    );
  }
  return (
    <DocumentPage title="Sign in" narrow>
      {settings.CHAT_API_KEYS.length > 0 ? (
        <SignInForm next={localPath(next)} />
      ) : (
        <p className="text-sm">
          This server needs no sign-in.{" "}
          <a href="/" className="text-brand underline underline-offset-2">
            Open the chat
          </a>
        </p>
      )}
    </DocumentPage>
  );
}
