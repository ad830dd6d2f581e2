"use client";

import { LogOutIcon } from "lucide-react";
import { type FormEvent, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";
import type { Person } from "@/lib/accounts/viewer";
import { AccountKeys } from "./account-keys";
import { NewPasswordInput } from "./new-password-input";
import { Button } from "./ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Field } from "./ui/field";
import { Input } from "./ui/input";
import { Notice } from "./ui/notice";

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
      <Card aria-labelledby="who-heading">
        <CardHeader>
          <CardTitle id="who-heading">You</CardTitle>
        </CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm">
            Signed in as <strong>{person.name}</strong> ({person.email}), {person.role}.
          </p>
          <Button variant="outline" size="sm" onClick={signOut}>
            <LogOutIcon aria-hidden />
            Sign out
          </Button>
        </div>
      </Card>
      <Card aria-labelledby="password-heading">
        <CardHeader>
          <CardTitle id="password-heading">Password</CardTitle>
          <CardDescription>Changing it signs out your other sessions.</CardDescription>
        </CardHeader>
        <form
          data-slot="form"
          className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
          onSubmit={changePassword}
        >
          <Field label="Current password">
            <Input name="current" type="password" autoComplete="current-password" required />
          </Field>
          <Field label="New password">
            <NewPasswordInput name="new" />
          </Field>
          <Button type="submit">Change password</Button>
        </form>
        {notice && <Notice ok={notice.ok}>{notice.text}</Notice>}
      </Card>
      <AccountKeys />
    </>
  );
}
