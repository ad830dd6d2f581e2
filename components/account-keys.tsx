"use client";

import { KeyRoundIcon } from "lucide-react";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";
import { Button } from "./ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Field } from "./ui/field";
import { Input } from "./ui/input";
import { Notice } from "./ui/notice";
import { Table } from "./ui/table";

interface KeyRow {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: Date | string;
  lastRequest: Date | string | null;
}

/**
 * This person's API keys for /v1: made here (the key is shown once, then only its start is
 * kept), each with when it was last used, and revoked here.
 */
export function AccountKeys() {
  const [keys, setKeys] = useState<KeyRow[]>([]);
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const { data, error: failed } = await authClient.apiKey.list();
    if (failed) setError(authErrorMessage(failed));
    else setKeys(listOf(data));
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name"));
    const { data, error: failed } = await authClient.apiKey.create({ name });
    if (failed || !data) {
      setError(authErrorMessage(failed));
      return;
    }
    setMade(data.key);
    form.reset();
    await load();
  }

  async function revoke(id: string) {
    const { error: failed } = await authClient.apiKey.delete({ keyId: id });
    if (failed) setError(authErrorMessage(failed));
    await load();
  }

  return (
    <Card aria-labelledby="keys-heading">
      <CardHeader>
        <CardTitle id="keys-heading">API keys</CardTitle>
        <CardDescription>
          For the OpenAI-compatible API at <code className="font-mono">/v1</code> (
          <code className="font-mono">Authorization: Bearer</code>) and the Messages API (
          <code className="font-mono">x-api-key</code>): a key may use what you may use.
        </CardDescription>
      </CardHeader>
      <form data-slot="form" className="flex flex-wrap items-end gap-2" onSubmit={create}>
        <Field label="Name" className="min-w-48 flex-1">
          <Input name="name" required maxLength={60} />
        </Field>
        <Button type="submit">
          <KeyRoundIcon aria-hidden />
          Make a key
        </Button>
      </form>
      {made && (
        <Notice ok>
          Your new key (copy it now: it is not shown again):{" "}
          <output className="new-key font-mono break-all">{made}</output>
        </Notice>
      )}
      {error && <Notice ok={false}>{error}</Notice>}
      {keys.length === 0 ? (
        <p className="text-muted-foreground text-sm">No keys.</p>
      ) : (
        <Table label="Your keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Made</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code className="font-mono">{key.start}…</code>
                </td>
                <td>{when(key.createdAt)}</td>
                <td>{key.lastRequest ? when(key.lastRequest) : "never"}</td>
                <td className="text-right">
                  <Button variant="outline" size="sm" onClick={() => revoke(key.id)}>
                    Revoke {key.name}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

/** The plugin answers a list, or `{ apiKeys }` in newer versions. */
function listOf(data: unknown): KeyRow[] {
  if (Array.isArray(data)) return data as KeyRow[];
  const wrapped = (data as { apiKeys?: KeyRow[] } | null)?.apiKeys;
  return wrapped ?? [];
}

function when(value: Date | string): string {
  return new Date(value).toLocaleString();
}
