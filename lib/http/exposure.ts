import type { Env } from "@/lib/env";
import { allowedHostsFrom, isLoopbackHost } from "./allowed-hosts";

/**
 * A server other machines can reach must know who each visitor is: there, the page needs
 * accounts (CHAT_AUTH=accounts), each person signing in to their own conversations, keys and
 * tools. The operator's keys alone are one shared identity and do not do. The sentence says both
 * ways out.
 */
export function exposureProblem(settings: Pick<Env, "HOST" | "CHAT_AUTH">): string | undefined {
  if (isLoopbackHost(settings.HOST) || settings.CHAT_AUTH === "accounts") return undefined;
  return (
    `Refusing to start: HOST=${settings.HOST} lets other machines reach this server, and without ` +
    "accounts nothing tells one person's conversations, keys and tools from another's. Set " +
    "CHAT_AUTH=accounts (people then sign in; the first account made is the admin), or set " +
    "HOST=127.0.0.1 to keep it on this machine."
  );
}

/** Said at start-up when other machines may reach the server: which names it answers to. */
export function exposureNotice(
  settings: Pick<Env, "HOST" | "PORT" | "CHAT_ALLOWED_HOSTS">,
): string | undefined {
  if (isLoopbackHost(settings.HOST) || settings.CHAT_ALLOWED_HOSTS.length > 0) return undefined;
  const names = allowedHostsFrom({ host: settings.HOST, port: settings.PORT, extra: [] })
    .map(({ hostname, port }) => `${hostname}:${port}`)
    .join(", ");
  return (
    `[security] HOST=${settings.HOST}, and the server answers only requests for ${names}: ` +
    "name the addresses people use in CHAT_ALLOWED_HOSTS (e.g. chat.example.com)."
  );
}

/**
 * At start-up (instrumentation.ts): a server whose settings are invalid, or that others can reach
 * while nothing protects it, exits with the sentence that says why.
 */
export function checkStartUp(
  settings: () => Env,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let problem: string | undefined;
  try {
    const read = settings();
    problem = exposureProblem(read);
    const notice = problem ? undefined : exposureNotice(read);
    if (notice) console.warn(notice);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (problem) {
    console.error(problem);
    exit(1);
  }
}
