import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A plain <select>, styled: for forms where the browser's own list is best (long, or in tests). */
export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return (
    <select
      data-slot="native-select"
      className={cn(
        "h-9 w-full rounded-lg border border-input bg-background px-2.5 text-sm text-foreground focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/40 focus-visible:outline-none disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );
}
