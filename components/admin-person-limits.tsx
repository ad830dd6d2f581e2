"use client";

import { useEffect, useState } from "react";
import type { Limits } from "@/lib/accounts/access-policy";
import { authClient } from "@/lib/accounts/auth-client";
import { LimitFields } from "./admin-limit-fields";
import { Button } from "./ui/button";
import { Field } from "./ui/field";
import { NativeSelect } from "./ui/native-select";

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
    <fieldset
      data-slot="fieldset"
      className="m-0 flex min-w-0 flex-col gap-4 rounded-lg border p-4"
    >
      <legend className="px-1 font-semibold text-sm">A person's own fair share</legend>
      {Object.entries(people).map(([id, limits]) => (
        <LimitFields
          key={id}
          label={emailOf(id)}
          limits={limits}
          blank="the role's"
          onChange={(next) => set(id, next)}
        />
      ))}
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Person" className="min-w-48 flex-1">
          <NativeSelect value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">…</option>
            {everyone
              .filter((person) => !(person.id in people))
              .map((person) => (
                <option key={person.id} value={person.id}>
                  {person.email}
                </option>
              ))}
          </NativeSelect>
        </Field>
        <Button
          variant="outline"
          disabled={chosen === ""}
          onClick={() => {
            set(chosen, { requestsPerMinute: 10 });
            setChosen("");
          }}
        >
          Give them their own share
        </Button>
      </div>
    </fieldset>
  );
}
