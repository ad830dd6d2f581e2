import { z } from "zod";
import { accessPolicySchema, roles } from "@/lib/accounts/access-policy";
import { hashInviteToken, INVITE_LIFETIME_MS, newInviteToken } from "@/lib/accounts/invite-token";
import { readJsonBody } from "@/lib/http/read-json-body";
import { type UsageRow, usageDay } from "@/lib/store/accounts-store";
import type { AccountRoutesOptions } from "./account-routes";
import type { PageApiOptions, PageRoute, RouteContext } from "./create-page-api";
import { refuse } from "./refusals";
import { usageCsv } from "./usage-csv";

const DAY_MS = 24 * 60 * 60 * 1000;
const dayParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const inviteSchema = z.object({ role: z.enum(roles) });
const resetSchema = z.object({ email: z.email().max(320) });

/**
 * The admin page's API: the access policy (sign-up, models and tools per role), invite links,
 * reset links and the usage report. People themselves (role, disable, delete) are Better Auth's
 * admin plugin's endpoints under /api/auth/admin, which check the role the same way.
 */
export function adminRoutes(options: PageApiOptions): PageRoute[] {
  const admin = (context: RouteContext): AccountRoutesOptions => {
    const accounts = options.accounts ?? refuse({ reason: "accounts-off" });
    if (context.viewer.person?.role !== "admin") refuse({ reason: "admin-only" });
    return accounts;
  };
  const body = async <T>(request: Request, schema: z.ZodType<T>): Promise<T> => {
    const read = await readJsonBody(request, 64 * 1024);
    if (!read.ok)
      refuse({ reason: read.problem === "too-large" ? "invalid-request" : "invalid-json" });
    const parsed = schema.safeParse(read.value);
    if (!parsed.success) refuse({ reason: "invalid-request" });
    return parsed.data;
  };
  return [
    {
      method: "GET",
      path: "/api/admin/policy",
      run: async (_request, context) => {
        const accounts = admin(context);
        return Response.json({
          policy: await context.store.getAccessPolicy(),
          models: accounts.models(),
          tools: await accounts.tools(),
        });
      },
    },
    {
      method: "POST",
      path: "/api/admin/policy",
      run: async (request, context) => {
        admin(context);
        const policy = await body(request, accessPolicySchema);
        await context.store.saveAccessPolicy(policy);
        return Response.json({ policy });
      },
    },
    {
      method: "GET",
      path: "/api/admin/invites",
      run: async (_request, context) => {
        admin(context);
        const invites = await context.store.listOpenInvites();
        return Response.json({
          invites: invites.map(({ id, role, createdAt, expiresAt }) => ({
            id,
            role,
            createdAt,
            expiresAt,
          })),
        });
      },
    },
    {
      // The link is shown once, to the admin who made it: only its token's hash is kept.
      method: "POST",
      path: "/api/admin/invites",
      run: async (request, context) => {
        admin(context);
        const { role } = await body(request, inviteSchema);
        const token = newInviteToken();
        const invite = await context.store.createInvite({
          tokenHash: hashInviteToken(token),
          role,
          createdBy: context.ownerId,
          expiresAt: new Date(Date.now() + INVITE_LIFETIME_MS),
        });
        const link = new URL(`/sign-up?invite=${token}`, request.url).href;
        return Response.json({ id: invite.id, role, expiresAt: invite.expiresAt, link });
      },
    },
    {
      method: "DELETE",
      path: "/api/admin/invites/:id",
      run: async (_request, context) => {
        admin(context);
        if (!(await context.store.deleteInvite(context.id))) refuse({ reason: "not-found" });
        return new Response(null, { status: 204 });
      },
    },
    {
      method: "POST",
      path: "/api/admin/reset-link",
      run: async (request, context) => {
        const accounts = admin(context);
        const { email } = await body(request, resetSchema);
        const link = await accounts.resetLink(request, email);
        if (!link) refuse({ reason: "not-found" });
        return Response.json({ link });
      },
    },
    {
      // `?from=YYYY-MM-DD&to=YYYY-MM-DD` (default: the last 30 days), `&format=csv` to download.
      method: "GET",
      path: "/api/admin/usage",
      run: async (request, context) => {
        const accounts = admin(context);
        const params = new URL(request.url).searchParams;
        const today = usageDay(new Date());
        const from = dayParam.safeParse(
          params.get("from") ?? usageDay(new Date(Date.now() - 29 * DAY_MS)),
        );
        const to = dayParam.safeParse(params.get("to") ?? today);
        if (!from.success || !to.success) refuse({ reason: "invalid-request" });
        const rows = await context.store.usageReport({ fromDay: from.data, toDay: to.data });
        const people = await accounts.people();
        const named = rows.map((row: UsageRow) => ({
          ...row,
          person: people.get(row.ownerId)?.email ?? row.ownerId,
          model: accounts.models().find((m) => m.id === row.model)?.name ?? row.model,
        }));
        if (params.get("format") === "csv") {
          return new Response(usageCsv(named), {
            headers: {
              "content-type": "text/csv; charset=utf-8",
              "content-disposition": `attachment; filename="usage-${from.data}-to-${to.data}.csv"`,
            },
          });
        }
        return Response.json({ from: from.data, to: to.data, rows: named });
      },
    },
  ];
}
