import { AccountSignUpForm } from "@/components/account-sign-up-form";
import { DocumentPage } from "@/components/document/document-page";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** Making an account (CHAT_AUTH=accounts), with an invite link's token when it has one. */
export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ invite?: string | string[] }>;
}) {
  const { invite } = await searchParams;
  const settings = env();
  return (
    <DocumentPage title="Make an account" narrow>
      {settings.CHAT_AUTH === "accounts" ? (
        <AccountSignUpForm
          invite={typeof invite === "string" ? invite.slice(0, 200) : undefined}
          sso={settings.CHAT_OIDC_ISSUER ? { name: settings.CHAT_OIDC_NAME } : undefined}
        />
      ) : (
        <p className="text-sm">
          This server has no accounts.{" "}
          <a href="/" className="text-brand underline underline-offset-2">
            Open the chat
          </a>
        </p>
      )}
    </DocumentPage>
  );
}
