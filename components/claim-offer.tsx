"use client";

import { useState } from "react";

/**
 * Conversations this browser had before it signed up, offered to the account once: kept (moved
 * into it) or left. Either answer is final (`POST /api/account/claim`).
 */
export function ClaimOffer({ count, next }: { count: number; next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function answer(keep: boolean) {
    setPending(true);
    const response = await fetch("/api/account/claim", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ keep }),
    }).catch(() => undefined);
    if (response?.ok) {
      window.location.assign(next);
      return;
    }
    setError("That did not work: try again.");
    setPending(false);
  }

  return (
    <section aria-labelledby="claim-heading">
      <h2 id="claim-heading">Conversations from before</h2>
      <p>
        This browser has {count} {count === 1 ? "conversation" : "conversations"} from before you
        signed up. Keep {count === 1 ? "it" : "them"} in your account?
      </p>
      <button type="button" onClick={() => answer(true)} disabled={pending}>
        Keep them in my account
      </button>{" "}
      <button type="button" onClick={() => answer(false)} disabled={pending}>
        Leave them
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
