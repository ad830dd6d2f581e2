"use client";

import { useEffect, useState } from "react";
import type { Limits } from "@/lib/accounts/access-policy";
import { authClient } from "@/lib/accounts/auth-client";
import { LimitFields } from "./admin-limit-fields";

/** People's own fair shares, over their role's: a limit left blank is the role's. */
export function PersonLimits({
  people,
  onChange,
}: {
  people: Record<string, Partial<Limits>>;
  onChange: (people: Record<string, Partial<Limits>>) => void;
}) {
  const [everyone, setEveryone] = useState<Array<{ id: string; email: string }>>([]);
  const [chosen, setChosen] = useState("");

  useEffect(() => {
    authClient.admin.listUsers({ query: { limit: 500 } }).then(({ data }) => {
      setEveryone((data?.users ?? []).map((user) => ({ id: user.id, email: user.email })));
    });
  }, []);

  const emailOf = (id: string) => everyone.find((person) => person.id === id)?.email ?? id;
  const set = (id: string, limits: Partial<Limits>) => {
    const next = { ...people };
    if (Object.keys(limits).length === 0) delete next[id];
    else next[id] = limits;
    onChange(next);
  };

  return (
    <fieldset>
      <legend>A person's own fair share</legend>
      {Object.entries(people).map(([id, limits]) => (
        <LimitFields
          key={id}
          label={emailOf(id)}
          limits={limits}
          blank="the role's"
          onChange={(next) => set(id, next)}
        />
      ))}
      <label>
        Person{" "}
        <select value={chosen} onChange={(event) => setChosen(event.target.value)}>
          <option value="">…</option>
          {everyone
            .filter((person) => !(person.id in people))
            .map((person) => (
              <option key={person.id} value={person.id}>
                {person.email}
              </option>
            ))}
        </select>
      </label>{" "}
      <button
        type="button"
        disabled={chosen === ""}
        onClick={() => {
          set(chosen, { requestsPerMinute: 10 });
          setChosen("");
        }}
      >
        Give them their own share
      </button>
    </fieldset>
  );
}
