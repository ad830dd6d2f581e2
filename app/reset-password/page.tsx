import { ResetPasswordForm } from "@/components/reset-password-form";

export const dynamic = "force-dynamic";

/** Where a reset link lands (Better Auth checked its token and sends it on here). */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[]; error?: string | string[] }>;
}) {
  const { token, error } = await searchParams;
  return (
    <main className="sign-in">
      <h1>Set a new password</h1>
      {error ? (
        <p role="alert">
          This reset link was used already or has expired: ask an admin for a new one.
        </p>
      ) : (
        <ResetPasswordForm token={typeof token === "string" ? token : undefined} />
      )}
    </main>
  );
}
