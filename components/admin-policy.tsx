"use client";

import { useEffect, useState } from "react";
import {
  type AccessPolicy,
  type Limits,
  type Role,
  type RoleAccess,
  roles,
  signUpPolicies,
} from "@/lib/accounts/access-policy";
import { LimitFields } from "./admin-limit-fields";
import { PersonLimits } from "./admin-person-limits";
import { Button } from "./ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { cn } from "./ui/cn";
import { Choice } from "./ui/field";
import { Notice } from "./ui/notice";

interface PolicyChoices {
  policy: AccessPolicy;
  models: Array<{ id: string; name: string }>;
  tools: Array<{ server: string; tools: string[] }>;
}

const signUpWords: Record<AccessPolicy["signUp"], string> = {
  open: "Open: anyone who reaches this page",
  invite: "By invite link only",
  closed: "Closed",
};

/** Who may sign up, and which models and MCP tools each role may use; saved together. */
export function AdminPolicy() {
  const [choices, setChoices] = useState<PolicyChoices | null>(null);
  const [policy, setPolicy] = useState<AccessPolicy | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    fetch("/api/admin/policy")
      .then((response) => response.json())
      .then((body: PolicyChoices) => {
        setChoices(body);
        setPolicy(body.policy);
      })
      .catch(() => setNotice({ ok: false, text: "The policy could not be read." }));
  }, []);

  if (!choices || !policy)
    return (
      <Card aria-labelledby="policy-heading">
        <CardTitle id="policy-heading">Sign-up and access</CardTitle>
        <p className="text-muted-foreground text-sm">Loading the policy…</p>
      </Card>
    );

  const setRole = (role: Role, access: RoleAccess) =>
    setPolicy({ ...policy, roles: { ...policy.roles, [role]: access } });

  async function save() {
    const response = await fetch("/api/admin/policy", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(policy),
    });
    setNotice(
      response.ok
        ? { ok: true, text: "The policy is saved." }
        : { ok: false, text: "The policy was not saved." },
    );
  }

  return (
    <Card aria-labelledby="policy-heading">
      <CardHeader>
        <CardTitle id="policy-heading">Sign-up and access</CardTitle>
        <CardDescription>
          Who may make an account, and what each role may use; saved together.
        </CardDescription>
      </CardHeader>
      <fieldset data-slot="fieldset" className={GROUP}>
        <legend className={LEGEND}>Who may make an account</legend>
        {signUpPolicies.map((value) => (
          <Choice
            key={value}
            type="radio"
            name="sign-up"
            value={value}
            checked={policy.signUp === value}
            onChange={() => setPolicy({ ...policy, signUp: value })}
          >
            {signUpWords[value]}
          </Choice>
        ))}
      </fieldset>
      {roles.map((role) => (
        <fieldset key={role} data-slot="fieldset" className={cn(GROUP, "gap-5")}>
          <legend className={LEGEND}>
            What a{role === "admin" ? "n" : ""} {role} may use
          </legend>
          <AllowList
            label={`${role}: models`}
            allowed={policy.roles[role].models}
            items={choices.models.map((m) => ({ key: m.id, label: m.name }))}
            onChange={(models) => setRole(role, { ...policy.roles[role], models })}
          />
          <AllowList
            label={`${role}: MCP tools`}
            allowed={policy.roles[role].tools}
            items={choices.tools.flatMap((server) =>
              server.tools.map((tool) => ({
                key: `${server.server}/${tool}`,
                label: `${server.server}: ${tool}`,
              })),
            )}
            onChange={(tools) => setRole(role, { ...policy.roles[role], tools })}
          />
          <LimitFields
            label={`${role}: fair share`}
            limits={policy.roles[role].limits}
            blank="no limit"
            onChange={(limits) =>
              setRole(role, { ...policy.roles[role], limits: limits as Limits })
            }
          />
        </fieldset>
      ))}
      <PersonLimits
        people={policy.people}
        onChange={(people) => setPolicy({ ...policy, people })}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="brand" onClick={save}>
          Save sign-up and access
        </Button>
        {notice && <Notice ok={notice.ok}>{notice.text}</Notice>}
      </div>
    </Card>
  );
}

const GROUP = "m-0 flex min-w-0 flex-col gap-2 rounded-lg border p-4";
const LEGEND = "px-1 font-semibold text-sm";

/** "Everything", or a checkbox per item. */
function AllowList({
  label,
  allowed,
  items,
  onChange,
}: {
  label: string;
  allowed: "all" | string[];
  items: Array<{ key: string; label: string }>;
  onChange: (allowed: "all" | string[]) => void;
}) {
  const all = allowed === "all";
  return (
    <fieldset data-slot="fieldset" className="m-0 flex min-w-0 flex-col gap-2 border-0 p-0">
      <legend className="mb-2 p-0 font-medium text-sm">{label}</legend>
      <Choice
        type="checkbox"
        checked={all}
        onChange={(event) => onChange(event.target.checked ? "all" : items.map((i) => i.key))}
      >
        Everything, also what is added later
      </Choice>
      {!all &&
        items.map((item) => (
          <Choice
            key={item.key}
            type="checkbox"
            className="ml-6"
            checked={allowed.includes(item.key)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...allowed, item.key]
                  : allowed.filter((key) => key !== item.key),
              )
            }
          >
            {item.label}
          </Choice>
        ))}
    </fieldset>
  );
}
