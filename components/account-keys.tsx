"use client";

import { type FormEvent, useCallback, useEffect, useState } from "react";
import { authClient, authErrorMessage } from "@/lib/accounts/auth-client";

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
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      <p>
        For the OpenAI-compatible API at <code>/v1</code> (<code>Authorization: Bearer</code>) and
        the Messages API (<code>x-api-key</code>): a key may use what you may use.
      </p>
      <form onSubmit={create}>
        <label>
          Name <input name="name" required maxLength={60} />
        </label>{" "}
        <button type="submit">Make a key</button>
      </form>
      {made && (
        <p role="status">
          Your new key (copy it now: it is not shown again):{" "}
          <output className="new-key">{made}</output>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {keys.length === 0 ? (
        <p>No keys.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Made</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.start}…</code>
                </td>
                <td>{when(key.createdAt)}</td>
                <td>{key.lastRequest ? when(key.lastRequest) : "never"}</td>
                <td>
                  <button type="button" onClick={() => revoke(key.id)}>
                    Revoke {key.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
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
