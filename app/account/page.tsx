import { notFound, redirect } from "next/navigation";
import { AccountPanel } from "@/components/account-panel";
import { env } from "@/lib/env";
import { currentViewer } from "@/lib/session/current-owner";

export const dynamic = "force-dynamic";

/** The signed-in person's account: password, API keys, sign out (CHAT_AUTH=accounts). */
export default async function AccountPage() {
  if (env().CHAT_AUTH !== "accounts") notFound();
  const viewer = await currentViewer();
  if (!viewer?.person) redirect("/sign-in?next=%2Faccount");
  return (
    <main className="account">
      <h1>Your account</h1>
      <p>
        <a href="/">Back to the chat</a>
        {viewer.person.role === "admin" && (
          <>
            {" · "}
            <a href="/admin">Admin</a>
          </>
        )}
      </p>
      <AccountPanel person={viewer.person} />
    </main>
  );
}
