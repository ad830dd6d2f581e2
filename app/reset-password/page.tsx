import { DocumentPage } from "@/components/document/document-page";
import { ResetPasswordForm } from "@/components/reset-password-form";
import { Notice } from "@/components/ui/notice";

export const dynamic = "force-dynamic";

/** Where a reset link lands (Better Auth checked its token and sends it on here). */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[]; error?: string | string[] }>;
}) {
  const { token, error } = await searchParams;
  return (
    <DocumentPage title="Set a new password" narrow>
      {error ? (
        <Notice ok={false}>
          This reset link was used already or has expired: ask an admin for a new one.
        </Notice>
      ) : (
        <ResetPasswordForm token={typeof token === "string" ? token : undefined} />
      )}
    </DocumentPage>
  );
}
