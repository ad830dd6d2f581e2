"use client";

import { type FormEvent, useCallback, useEffect, useState } from "react";

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
    <section aria-labelledby="invites-heading">
      <h2 id="invites-heading">Invites</h2>
      <form onSubmit={create}>
        <label>
          Role{" "}
          <select name="role" defaultValue="user">
            <option value="user">user</option>
            <option value="admin">admin</option>
          </select>
        </label>{" "}
        <button type="submit">Make an invite link</button>
      </form>
      {link && (
        <p role="status">
          Invite link (works once, for a week; pass it on now):{" "}
          <output className="invite-link">{link}</output>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {invites.map((invite) => (
          <li key={invite.id}>
            {invite.role}, made {new Date(invite.createdAt).toLocaleString()},{" "}
            {new Date(invite.expiresAt) < new Date()
              ? "expired"
              : `until ${new Date(invite.expiresAt).toLocaleString()}`}{" "}
            <button type="button" onClick={() => revoke(invite.id)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
