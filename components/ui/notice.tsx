import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * A sentence after an action: what was done (`ok`, a polite status) or why it was not (an
 * alert, read out at once). The classes `notice` and `error` name which for tests and styles.
 */
export function Notice({
  ok,
  className,
  children,
}: {
  ok: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <p
      data-slot="notice"
      role={ok ? "status" : "alert"}
      className={cn(
        "m-0 rounded-lg px-3 py-2 text-sm break-words",
        ok ? "notice bg-muted text-foreground" : "error bg-danger-surface text-danger-text",
        className,
      )}
    >
      {children}
    </p>
  );
}
