import { notFound, redirect } from "next/navigation";
import { AdminInvites } from "@/components/admin-invites";
import { AdminPeople } from "@/components/admin-people";
import { AdminPolicy } from "@/components/admin-policy";
import { AdminUsage } from "@/components/admin-usage";
import { env } from "@/lib/env";
import { currentViewer } from "@/lib/session/current-owner";

export const dynamic = "force-dynamic";

/** People, invites, sign-up and access per role, and usage: admins only (CHAT_AUTH=accounts). */
export default async function AdminPage() {
  if (env().CHAT_AUTH !== "accounts") notFound();
  const viewer = await currentViewer();
  if (!viewer?.person) redirect("/sign-in?next=%2Fadmin");
  if (viewer.person.role !== "admin") notFound();
  return (
    <main className="admin">
      <h1>Admin</h1>
      <p>
        <a href="/">Back to the chat</a> · <a href="/account">Your account</a>
      </p>
      <AdminPeople selfId={viewer.person.id} />
      <AdminInvites />
      <AdminPolicy />
      <AdminUsage />
    </main>
  );
}
