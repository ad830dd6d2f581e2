"use client";

import { type FormEvent, useState } from "react";

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
    <form onSubmit={submit}>
      <p>This server asks for one of its keys (CHAT_API_KEYS); its operator gives them out.</p>
      <label>
        Key{" "}
        <input
          type="password"
          autoComplete="current-password"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          required
        />
      </label>{" "}
      <button type="submit" disabled={pending || key === ""}>
        Sign in
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
