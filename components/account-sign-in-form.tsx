"use client";

import { type FormEvent, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";
import { Button } from "./ui/button";
import { Card } from "./ui/card";
import { Field } from "./ui/field";
import { Input } from "./ui/input";
import { Notice } from "./ui/notice";

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
    <Card aria-label="Sign in">
      <form data-slot="form" className="flex flex-col gap-4" onSubmit={submit}>
        <Field label="E-mail">
          <Input name="email" type="email" autoComplete="username" required />
        </Field>
        <Field label="Password">
          <Input name="password" type="password" autoComplete="current-password" required />
        </Field>
        <Button type="submit" variant="brand" disabled={pending}>
          Sign in
        </Button>
      </form>
      {sso && (
        <Button variant="outline" onClick={singleSignOn} disabled={pending}>
          Sign in with {sso.name}
        </Button>
      )}
      {error && <Notice ok={false}>{error}</Notice>}
      <p className="text-muted-foreground text-sm">
        No account yet?{" "}
        <a href="/sign-up" className="text-brand underline underline-offset-2">
          Make one
        </a>
      </p>
    </Card>
  );
}
