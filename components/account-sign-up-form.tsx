"use client";

import { type FormEvent, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";
import { ClaimOffer } from "./claim-offer";

/**
 * A new account: name, e-mail, password (and an invite link's token, sent as Better Auth's
 * sign-up goes). Once made, a browser with conversations from before is offered them.
 */
export function AccountSignUpForm({ invite, sso }: { invite?: string; sso?: { name: string } }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [claimable, setClaimable] = useState<number | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error: failed } = await authClient.signUp.email(
      {
        name: String(form.get("name")),
        email: String(form.get("email")),
        password: String(form.get("password")),
      },
      invite ? { headers: { "x-chat-invite": invite } } : undefined,
    );
    if (failed) {
      setError(authErrorMessage(failed));
      setPending(false);
      return;
    }
    const claim = await fetch("/api/account/claim").catch(() => undefined);
    const count = claim?.ok ? ((await claim.json()) as { conversations: number }).conversations : 0;
    if (count > 0) setClaimable(count);
    else window.location.assign("/");
  }

  if (claimable !== null) return <ClaimOffer count={claimable} next="/" />;
  return (
    <>
      <form onSubmit={submit}>
        <p>
          <label>
            Name <input name="name" autoComplete="name" required maxLength={100} />
          </label>
        </p>
        <p>
          <label>
            E-mail <input name="email" type="email" autoComplete="username" required />
          </label>
        </p>
        <p>
          <label>
            Password{" "}
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={8}
              required
            />
          </label>
        </p>
        <button type="submit" disabled={pending}>
          Make my account
        </button>
      </form>
      {sso && !invite && (
        <p>
          Or{" "}
          <button
            type="button"
            onClick={() => authClient.signIn.social({ provider: "oidc", callbackURL: "/" })}
          >
            Sign in with {sso.name}
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>
        Have an account? <a href="/sign-in">Sign in</a>
      </p>
    </>
  );
}
