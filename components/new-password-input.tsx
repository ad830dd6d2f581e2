import { Input } from "./ui/input";

/**
 * A password being chosen (on sign-up, with a reset link, in the account): the browser may offer
 * one of its own, and refuses fewer than 8 characters before the server does (Better Auth's
 * `minPasswordLength` in lib/accounts/create-auth.ts).
 */
export function NewPasswordInput({ name = "password" }: { name?: string }) {
  return <Input name={name} type="password" autoComplete="new-password" minLength={8} required />;
}
