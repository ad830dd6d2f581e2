"use client";

import { useState } from "react";
import { Button } from "./ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Notice } from "./ui/notice";

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
    <Card aria-labelledby="claim-heading">
      <CardHeader>
        <CardTitle id="claim-heading">Conversations from before</CardTitle>
        <CardDescription>
          This browser has {count} {count === 1 ? "conversation" : "conversations"} from before you
          signed up. Keep {count === 1 ? "it" : "them"} in your account?
        </CardDescription>
      </CardHeader>
      <div className="flex flex-wrap gap-2">
        <Button variant="brand" onClick={() => answer(true)} disabled={pending}>
          Keep them in my account
        </Button>
        <Button variant="outline" onClick={() => answer(false)} disabled={pending}>
          Leave them
        </Button>
      </div>
      {error && <Notice ok={false}>{error}</Notice>}
    </Card>
  );
}
