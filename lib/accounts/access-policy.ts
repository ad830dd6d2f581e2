import { z } from "zod";

/**
 * What each role may use, and who may make an account: one policy per installation, changed by
 * admins in /admin and kept in the store (`access_policy`). Browser-safe: the admin page edits it.
 */
export const roles = ["admin", "user"] as const;
export type Role = (typeof roles)[number];

/**
 * `open`: anyone who reaches the page may make an account; `invite`: only with an invite link an
 * admin made; `closed`: nobody. The first account can always be made (it becomes the admin).
 */
export const signUpPolicies = ["open", "invite", "closed"] as const;
export type SignUpPolicy = (typeof signUpPolicies)[number];

/**
 * `"all"`, or a list: models by their choice id (lib/models/model-choice-ids.ts), tools by key
 * (`<server>/<tool>`) or a whole server by its name.
 */
const allowList = z.union([z.literal("all"), z.array(z.string().min(1).max(200)).max(1000)]);

/**
 * A fair share (issue 22, item 5): replies at once, requests per minute, tokens (in and out) per
 * day (UTC). `null`: no limit.
 */
const limit = z.number().int().min(1).max(1_000_000_000).nullable();
export const limitsSchema = z.object({
  repliesAtOnce: limit.default(null),
  requestsPerMinute: limit.default(null),
  tokensPerDay: limit.default(null),
});
export type Limits = z.infer<typeof limitsSchema>;
export const noLimits: Limits = {
  repliesAtOnce: null,
  requestsPerMinute: null,
  tokensPerDay: null,
};

export const roleAccessSchema = z.object({
  models: allowList,
  tools: allowList,
  limits: limitsSchema.default(noLimits),
});
export type RoleAccess = z.infer<typeof roleAccessSchema>;

export const accessPolicySchema = z.object({
  signUp: z.enum(signUpPolicies),
  roles: z.object({ admin: roleAccessSchema, user: roleAccessSchema }),
  /**
   * A person's own limits (by their id), over their role's: a limit left out is the role's, `null`
   * none for them.
   */
  people: z
    .record(
      z.string().max(64),
      z.object({
        repliesAtOnce: limit.optional(),
        requestsPerMinute: limit.optional(),
        tokensPerDay: limit.optional(),
      }),
    )
    .default({}),
});
export type AccessPolicy = z.infer<typeof accessPolicySchema>;

const everything: RoleAccess = { models: "all", tools: "all", limits: noLimits };

/** Until an admin changes it: sign-up by invite, every role may use every model and tool, no limits. */
export const defaultAccessPolicy: AccessPolicy = {
  signUp: "invite",
  roles: { admin: everything, user: everything },
  people: {},
};

/** A person's limits: their own where the policy gives them some, else their role's. */
export function limitsOf(policy: AccessPolicy, role: Role, personId: string): Limits {
  const own = policy.people[personId] ?? {};
  const base = policy.roles[role].limits;
  return {
    repliesAtOnce: own.repliesAtOnce !== undefined ? own.repliesAtOnce : base.repliesAtOnce,
    requestsPerMinute:
      own.requestsPerMinute !== undefined ? own.requestsPerMinute : base.requestsPerMinute,
    tokensPerDay: own.tokensPerDay !== undefined ? own.tokensPerDay : base.tokensPerDay,
  };
}

/** What one request may use: everything (no accounts, the operator's keys) or a role's lists. */
export type Access =
  | { kind: "everything" }
  | { kind: "role"; role: Role; rules: RoleAccess; limits?: Limits };

export const fullAccess: Access = { kind: "everything" };

export function mayUseModel(access: Access, modelId: string): boolean {
  if (access.kind === "everything" || access.rules.models === "all") return true;
  return access.rules.models.includes(modelId);
}

/** A tool by its key `<server>/<tool>`: allowed by its key or by its server's name. */
export function mayUseTool(access: Access, toolKey: string): boolean {
  if (access.kind === "everything" || access.rules.tools === "all") return true;
  const server = toolKey.slice(0, toolKey.indexOf("/"));
  return access.rules.tools.includes(toolKey) || access.rules.tools.includes(server);
}
