"use client";

import { type FormEvent, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";
import type { Person } from "@/lib/accounts/viewer";
import { AccountKeys } from "./account-keys";

/** The signed-in person's account: who they are, their password, their keys, signing out. */
export function AccountPanel({ person }: { person: Person }) {
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const { error } = await authClient.changePassword({
      currentPassword: String(data.get("current")),
      newPassword: String(data.get("new")),
      revokeOtherSessions: true,
    });
    if (error) setNotice({ ok: false, text: authErrorMessage(error) });
    else {
      form.reset();
      setNotice({
        ok: true,
        text: "Your password is changed; your other sessions are signed out.",
      });
    }
  }

  async function signOut() {
    await authClient.signOut();
    window.location.assign("/sign-in");
  }

  return (
    <>
      <p>
        Signed in as <strong>{person.name}</strong> ({person.email}), {person.role}.{" "}
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </p>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <form onSubmit={changePassword}>
          <p>
            <label>
              Current password{" "}
              <input name="current" type="password" autoComplete="current-password" required />
            </label>
          </p>
          <p>
            <label>
              New password{" "}
              <input
                name="new"
                type="password"
                autoComplete="new-password"
                minLength={8}
                required
              />
            </label>
          </p>
          <button type="submit">Change password</button>
        </form>
        {notice && (
          <p className={notice.ok ? undefined : "error"} role={notice.ok ? "status" : "alert"}>
            {notice.text}
          </p>
        )}
      </section>
      <AccountKeys />
    </>
  );
}
