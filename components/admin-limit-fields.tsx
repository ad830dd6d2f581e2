"use client";

import type { Limits } from "@/lib/accounts/access-policy";
import { Field } from "./ui/field";
import { Input } from "./ui/input";

const limitWords: Record<keyof Limits, string> = {
  repliesAtOnce: "Replies at once",
  requestsPerMinute: "Requests per minute",
  tokensPerDay: "Tokens per day",
};

/** A number for each limit; a blank one is `blank` (no limit, or the role's). */
export function LimitFields({
  label,
  limits,
  blank,
  onChange,
}: {
  label: string;
  limits: Partial<Limits>;
  blank: string;
  onChange: (limits: Partial<Limits>) => void;
}) {
  return (
    <fieldset data-slot="fieldset" className="m-0 flex min-w-0 flex-col gap-3 border-0 p-0">
      <legend className="mb-2 p-0 font-medium text-sm">{label}</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        {(Object.keys(limitWords) as Array<keyof Limits>).map((key) => (
          <Field key={key} label={limitWords[key]} hint={`${blank} when blank`}>
            <Input
              type="number"
              min={1}
              value={limits[key] ?? ""}
              onChange={(event) => {
                const value = event.target.value === "" ? undefined : Number(event.target.value);
                const next = { ...limits };
                if (value === undefined) {
                  if (blank === "no limit") next[key] = null;
                  else delete next[key];
                } else next[key] = value;
                onChange(next);
              }}
            />
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
