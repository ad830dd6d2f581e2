"use client";

import { useCallback, useEffect, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";

interface PersonRow {
  id: string;
  name: string;
  email: string;
  role?: string | null;
  banned?: boolean | null;
}

/**
 * Everyone with an account (Better Auth's admin plugin): role, disable (their sessions and keys
 * stop at once), delete with their data, and a one-time reset link to pass on (no e-mail here).
 */
export function AdminPeople({ selfId }: { selfId: string }) {
  const [people, setPeople] = useState<PersonRow[]>([]);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    const { data, error } = await authClient.admin.listUsers({ query: { limit: 500 } });
    if (error) setNotice({ ok: false, text: authErrorMessage(error) });
    else setPeople((data?.users ?? []) as PersonRow[]);
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  async function act(work: () => Promise<{ error: unknown }>, done: string) {
    const { error } = await work();
    setNotice(
      error
        ? { ok: false, text: authErrorMessage(error as { message?: string }) }
        : { ok: true, text: done },
    );
    await load();
  }

  async function resetLink(person: PersonRow) {
    const response = await fetch("/api/admin/reset-link", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: person.email }),
    });
    const body = await response.json().catch(() => undefined);
    setNotice(
      response.ok
        ? { ok: true, text: `Reset link for ${person.email} (works once, for a day): ${body.link}` }
        : { ok: false, text: body?.error?.message ?? "No reset link was made." },
    );
  }

  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      {notice && (
        <p className={notice.ok ? "notice" : "error"} role={notice.ok ? "status" : "alert"}>
          {notice.text}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => {
            const self = person.id === selfId;
            const role = person.role === "admin" ? "admin" : "user";
            return (
              <tr key={person.id}>
                <td>{person.name}</td>
                <td>{person.email}</td>
                <td>
                  <label>
                    <span className="visually-hidden">Role of {person.email}</span>
                    <select
                      value={role}
                      disabled={self}
                      onChange={(event) =>
                        act(
                          () =>
                            authClient.admin.setRole({
                              userId: person.id,
                              role: event.target.value as "admin" | "user",
                            }),
                          `${person.email} is now ${event.target.value}.`,
                        )
                      }
                    >
                      <option value="user">user</option>
                      <option value="admin">admin</option>
                    </select>
                  </label>
                </td>
                <td>{person.banned ? "disabled" : "active"}</td>
                <td>
                  {!self &&
                    (person.banned ? (
                      <button
                        type="button"
                        onClick={() =>
                          act(
                            () => authClient.admin.unbanUser({ userId: person.id }),
                            `${person.email} is enabled again.`,
                          )
                        }
                      >
                        Enable {person.email}
                      </button>
                    ) : (
                      <button
                        type="button"
                        onClick={() =>
                          act(
                            () =>
                              authClient.admin.banUser({
                                userId: person.id,
                                banReason: "disabled by an admin",
                              }),
                            `${person.email} is disabled: signed out everywhere, keys refused.`,
                          )
                        }
                      >
                        Disable {person.email}
                      </button>
                    ))}{" "}
                  <button type="button" onClick={() => resetLink(person)}>
                    Reset link for {person.email}
                  </button>{" "}
                  {!self && (
                    <button
                      type="button"
                      onClick={() => {
                        if (!window.confirm(`Delete ${person.email} and all their conversations?`))
                          return;
                        act(
                          () => authClient.admin.removeUser({ userId: person.id }),
                          `${person.email} and their data are deleted.`,
                        );
                      }}
                    >
                      Delete {person.email}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
