"use client";

import { LinkIcon } from "lucide-react";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { Button } from "./ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Field } from "./ui/field";
import { NativeSelect } from "./ui/native-select";
import { Notice } from "./ui/notice";

interface InviteRow {
  id: string;
  role: string;
  createdAt: string;
  expiresAt: string;
}

/** Invite links: made for a role, shown once (only a hash is kept), good for one sign-up. */
export function AdminInvites() {
  const [invites, setInvites] = useState<InviteRow[]>([]);
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const response = await fetch("/api/admin/invites");
    if (response.ok) setInvites(((await response.json()) as { invites: InviteRow[] }).invites);
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const role = String(new FormData(event.currentTarget).get("role"));
    const response = await fetch("/api/admin/invites", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role }),
    });
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      setError(body?.error?.message ?? "No invite was made.");
      return;
    }
    setLink(body.link);
    await load();
  }

  async function revoke(id: string) {
    await fetch(`/api/admin/invites/${encodeURIComponent(id)}`, { method: "DELETE" });
    await load();
  }

  return (
    <Card aria-labelledby="invites-heading">
      <CardHeader>
        <CardTitle id="invites-heading">Invites</CardTitle>
        <CardDescription>
          A link is good for one sign-up, for a week; only its hash is kept.
        </CardDescription>
      </CardHeader>
      <form data-slot="form" className="flex flex-wrap items-end gap-2" onSubmit={create}>
        <Field label="Role">
          <NativeSelect name="role" defaultValue="user" className="w-32">
            <option value="user">user</option>
            <option value="admin">admin</option>
          </NativeSelect>
        </Field>
        <Button type="submit">
          <LinkIcon aria-hidden />
          Make an invite link
        </Button>
      </form>
      {link && (
        <Notice ok>
          Invite link (works once, for a week; pass it on now):{" "}
          <output className="invite-link font-mono break-all">{link}</output>
        </Notice>
      )}
      {error && <Notice ok={false}>{error}</Notice>}
      {invites.length > 0 && (
        <ul className="flex flex-col divide-y text-sm">
          {invites.map((invite) => (
            <li key={invite.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                {invite.role}, made {new Date(invite.createdAt).toLocaleString()},{" "}
                {new Date(invite.expiresAt) < new Date()
                  ? "expired"
                  : `until ${new Date(invite.expiresAt).toLocaleString()}`}
              </span>
              <Button variant="outline" size="sm" onClick={() => revoke(invite.id)}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
