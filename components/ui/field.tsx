import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

/**
 * A form control under its label: the `<label>` wraps the control, so the label names it without
 * ids to keep in step. `hint` is a line in the muted colour under the label text.
 */
export function Field({
  label,
  hint,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is `children`, inside the label.
    <label data-slot="field" className={cn("flex flex-col gap-1.5 font-medium text-sm", className)}>
      <span>
        {label}
        {hint && <span className="block font-normal text-muted-foreground text-xs">{hint}</span>}
      </span>
      {children}
    </label>
  );
}

/** A checkbox or radio button with its label to its right. */
export function Choice({
  className,
  children,
  ...input
}: Omit<ComponentProps<"input">, "children"> & {
  type: "checkbox" | "radio";
  children: ReactNode;
}) {
  return (
    <label data-slot="choice" className={cn("flex items-center gap-2 text-sm", className)}>
      <input data-slot={input.type} className="size-4 shrink-0 accent-brand" {...input} />
      {children}
    </label>
  );
}
