import { SignInForm } from "@/components/sign-in-form";
import { env } from "@/lib/env";
import { localPath } from "@/lib/http/local-path";

export const dynamic = "force-dynamic";

/**
 * Asks for one of the operator's keys while CHAT_API_KEYS protects the page (proxy.ts sends every
 * page here until then), and goes back to the page that was asked for.
 */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  return (
    <main className="sign-in">
      <h1>Sign in</h1>
      {env().CHAT_API_KEYS.length > 0 ? (
        <SignInForm next={localPath(next)} />
      ) : (
        <p>
          This server needs no sign-in. <a href="/">Open the chat</a>
        </p>
      )}
    </main>
  );
}
