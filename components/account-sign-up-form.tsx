"use client";

import { type FormEvent, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";
import { ClaimOffer } from "./claim-offer";
import { NewPasswordInput } from "./new-password-input";
import { Button } from "./ui/button";
import { Card } from "./ui/card";
import { Field } from "./ui/field";
import { Input } from "./ui/input";
import { Notice } from "./ui/notice";

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
    <Card aria-label="Make an account">
      <form data-slot="form" className="flex flex-col gap-4" onSubmit={submit}>
        <Field label="Name">
          <Input name="name" autoComplete="name" required maxLength={100} />
        </Field>
        <Field label="E-mail">
          <Input name="email" type="email" autoComplete="username" required />
        </Field>
        <Field label="Password" hint="At least 8 characters.">
          <NewPasswordInput />
        </Field>
        <Button type="submit" variant="brand" disabled={pending}>
          Make my account
        </Button>
      </form>
      {sso && !invite && (
        <Button
          variant="outline"
          onClick={() => authClient.signIn.social({ provider: "oidc", callbackURL: "/" })}
        >
          Sign in with {sso.name}
        </Button>
      )}
      {error && <Notice ok={false}>{error}</Notice>}
      <p className="text-muted-foreground text-sm">
        Have an account?{" "}
        <a href="/sign-in" className="text-brand underline underline-offset-2">
          Sign in
        </a>
      </p>
    </Card>
  );
}
