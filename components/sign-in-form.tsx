"use client";

import { type FormEvent, useState } from "react";
import { Button } from "./ui/button";
import { Card, CardDescription } from "./ui/card";
import { Field } from "./ui/field";
import { Input } from "./ui/input";
import { Notice } from "./ui/notice";

/** The key goes to `POST /api/session`; once it is taken, the page asked for opens. */
export function SignInForm({ next }: { next: string }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key }),
      });
      if (response.ok) {
        window.location.assign(next);
        return;
      }
      const body = await response.json().catch(() => undefined);
      setError(body?.error?.message ?? `Signing in failed (${response.status}).`);
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    <Card aria-label="Sign in">
      <form data-slot="form" className="flex flex-col gap-4" onSubmit={submit}>
        <CardDescription>
          This server asks for one of its keys (CHAT_API_KEYS); its operator gives them out.
        </CardDescription>
        <Field label="Key">
          <Input
            type="password"
            autoComplete="current-password"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            required
          />
        </Field>
        <Button type="submit" variant="brand" disabled={pending || key === ""}>
          Sign in
        </Button>
        {error && <Notice ok={false}>{error}</Notice>}
      </form>
    </Card>
  );
}
