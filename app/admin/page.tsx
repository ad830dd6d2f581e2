import { notFound, redirect } from "next/navigation";
import { AdminInvites } from "@/components/admin-invites";
import { AdminPeople } from "@/components/admin-people";
import { AdminPolicy } from "@/components/admin-policy";
import { AdminUsage } from "@/components/admin-usage";
import { DocumentLink, DocumentPage } from "@/components/document/document-page";
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
    <DocumentPage title="Admin" links={<DocumentLink href="/account">Your account</DocumentLink>}>
      <AdminPeople selfId={viewer.person.id} />
      <AdminInvites />
      <AdminPolicy />
      <AdminUsage />
    </DocumentPage>
  );
}
