"use client";

import type { Limits } from "@/lib/accounts/access-policy";

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
    <fieldset>
      <legend>{label}</legend>
      {(Object.keys(limitWords) as Array<keyof Limits>).map((key) => (
        <label key={key}>
          {limitWords[key]} ({blank} when blank){" "}
          <input
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
        </label>
      ))}
    </fieldset>
  );
}
