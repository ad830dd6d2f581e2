import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A key, as printed on a keyboard. */
export function Kbd({ className, ...props }: ComponentProps<"kbd">) {
  return (
    <kbd
      data-slot="kbd"
      className={cn(
        "inline-flex h-6 min-w-6 items-center justify-center rounded-md border border-b-2 bg-muted px-1.5 font-sans text-xs text-foreground",
        className,
      )}
      {...props}
    />
  );
}
