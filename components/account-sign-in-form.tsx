"use client";

import { type FormEvent, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";

/** E-mail and password, or single sign-on when it is set up; then the page asked for opens. */
export function AccountSignInForm({ next, sso }: { next: string; sso?: { name: string } }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error: failed } = await authClient.signIn.email({
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
    if (!failed) {
      window.location.assign(next);
      return;
    }
    setError(authErrorMessage(failed));
    setPending(false);
  }

  async function singleSignOn() {
    setPending(true);
    const { error: failed } = await authClient.signIn.social({
      provider: "oidc",
      callbackURL: next,
    });
    if (failed) {
      setError(authErrorMessage(failed));
      setPending(false);
    }
  }

  return (
    <>
      <form onSubmit={submit}>
        <p>
          <label>
            E-mail <input name="email" type="email" autoComplete="username" required />
          </label>
        </p>
        <p>
          <label>
            Password{" "}
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
        </p>
        <button type="submit" disabled={pending}>
          Sign in
        </button>
      </form>
      {sso && (
        <p>
          <button type="button" onClick={singleSignOn} disabled={pending}>
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
        No account yet? <a href="/sign-up">Make one</a>
      </p>
    </>
  );
}
