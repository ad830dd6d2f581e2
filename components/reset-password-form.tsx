"use client";

import { type FormEvent, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";

/** A new password with a one-time reset link's token (an admin made the link). */
export function ResetPasswordForm({ token }: { token?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { error: failed } = await authClient.resetPassword({
      newPassword: String(form.get("password")),
      token,
    });
    if (failed) setError(authErrorMessage(failed));
    else setDone(true);
  }

  if (!token) return <p>This link has no reset token: ask an admin for a new one.</p>;
  if (done) {
    return (
      <p role="status">
        Your password is set. <a href="/sign-in">Sign in</a>
      </p>
    );
  }
  return (
    <form onSubmit={submit}>
      <p>
        <label>
          New password{" "}
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={8}
            required
          />
        </label>
      </p>
      <button type="submit">Set my password</button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
