"use client";

import { type FormEvent, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";
import { NewPasswordInput } from "./new-password-input";
import { Button } from "./ui/button";
import { Card } from "./ui/card";
import { Field } from "./ui/field";
import { Notice } from "./ui/notice";

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

  if (!token)
    return <Notice ok={false}>This link has no reset token: ask an admin for a new one.</Notice>;
  if (done) {
    return (
      <Notice ok>
        Your password is set.{" "}
        <a href="/sign-in" className="text-brand underline underline-offset-2">
          Sign in
        </a>
      </Notice>
    );
  }
  return (
    <Card aria-label="Set a new password">
      <form data-slot="form" className="flex flex-col gap-4" onSubmit={submit}>
        <Field label="New password" hint="At least 8 characters.">
          <NewPasswordInput />
        </Field>
        <Button type="submit" variant="brand">
          Set my password
        </Button>
        {error && <Notice ok={false}>{error}</Notice>}
      </form>
    </Card>
  );
}
