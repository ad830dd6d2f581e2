import { notFound, redirect } from "next/navigation";
import { AccountPanel } from "@/components/account-panel";
import { DocumentLink, DocumentPage } from "@/components/document/document-page";
import { env } from "@/lib/env";
import { currentViewer } from "@/lib/session/current-owner";

export const dynamic = "force-dynamic";

/** The signed-in person's account: password, API keys, sign out (CHAT_AUTH=accounts). */
export default async function AccountPage() {
  if (env().CHAT_AUTH !== "accounts") notFound();
  const viewer = await currentViewer();
  if (!viewer?.person) redirect("/sign-in?next=%2Faccount");
  return (
    <DocumentPage
      title="Your account"
      links={viewer.person.role === "admin" && <DocumentLink href="/admin">Admin</DocumentLink>}
    >
      <AccountPanel person={viewer.person} />
    </DocumentPage>
  );
}
