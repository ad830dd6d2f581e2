import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * A data table that scrolls sideways inside its own box on a narrow screen, rather than widening
 * the page; its cells are spaced and ruled by the table's classes (plain `th` and `td` inside).
 * The box is a named region a keyboard can focus, so that it can scroll it too (axe's
 * scrollable-region-focusable: a table of text alone has nothing else to focus).
 */
export function Table({ className, label, ...props }: ComponentProps<"table"> & { label: string }) {
  return (
    <section
      data-slot="table-container"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls; a keyboard must reach it.
      tabIndex={0}
      className="-mx-1 overflow-x-auto rounded-md px-1 outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      <table
        data-slot="table"
        className={cn(
          "w-full border-collapse text-sm [&_td]:border-b [&_td]:px-2 [&_td]:py-2 [&_td]:align-middle [&_th]:border-b [&_th]:px-2 [&_th]:py-2 [&_th]:text-left [&_th]:font-medium [&_th]:text-muted-foreground [&_th]:text-xs [&_tbody_tr:last-child_td]:border-b-0",
          className,
        )}
        {...props}
      />
    </section>
  );
}
