"use client";

import { useCallback, useEffect, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";
import { Button } from "./ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "./ui/card";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "./ui/dialog";
import { NativeSelect } from "./ui/native-select";
import { Notice } from "./ui/notice";
import { Table } from "./ui/table";

interface PersonRow {
  id: string;
  name: string;
  email: string;
  role?: string | null;
  banned?: boolean | null;
}

/**
 * Everyone with an account (Better Auth's admin plugin): role, disable (their sessions and keys
 * stop at once), delete with their data (after a dialog), and a one-time reset link to pass on
 * (no e-mail here).
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
    <Card aria-labelledby="people-heading">
      <CardHeader>
        <CardTitle id="people-heading">People</CardTitle>
        <CardDescription>
          A disabled person is signed out everywhere and their keys are refused; a reset link works
          once, for a day.
        </CardDescription>
      </CardHeader>
      {notice && <Notice ok={notice.ok}>{notice.text}</Notice>}
      <Table label="Everyone with an account">
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
                <td className="whitespace-nowrap">{person.email}</td>
                <td>
                  <NativeSelect
                    aria-label={`Role of ${person.email}`}
                    className="h-8 w-auto"
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
                  </NativeSelect>
                </td>
                <td>{person.banned ? "disabled" : "active"}</td>
                <td>
                  <div className="flex flex-wrap gap-1.5">
                    {!self &&
                      (person.banned ? (
                        <Button
                          variant="outline"
                          size="sm"
                          onClick={() =>
                            act(
                              () => authClient.admin.unbanUser({ userId: person.id }),
                              `${person.email} is enabled again.`,
                            )
                          }
                        >
                          Enable {person.email}
                        </Button>
                      ) : (
                        <Button
                          variant="outline"
                          size="sm"
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
                        </Button>
                      ))}
                    <Button variant="outline" size="sm" onClick={() => resetLink(person)}>
                      Reset link for {person.email}
                    </Button>
                    {!self && (
                      <DeletePerson
                        email={person.email}
                        onDelete={() =>
                          act(
                            () => authClient.admin.removeUser({ userId: person.id }),
                            `${person.email} and their data are deleted.`,
                          )
                        }
                      />
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}

/** Delete, after a dialog says what goes with the person: their conversations and keys. */
function DeletePerson({ email, onDelete }: { email: string; onDelete: () => void }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" className="text-danger-text">
          Delete {email}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete {email}?</DialogTitle>
          <DialogDescription>
            Their account, all their conversations and their keys are deleted. This cannot be
            undone.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <DialogClose asChild>
            <Button variant="destructive" onClick={onDelete}>
              Delete
            </Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
