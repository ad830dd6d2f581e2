import type { ReactNode } from "react";
import { Button, type ButtonProps } from "./ui/button";

/**
 * An icon button of a message (copy, edit, regenerate, versions, a code block's wrap and copy):
 * its label is its accessible name and its tooltip, shown on hover and on keyboard focus. The
 * tooltip is CSS (`[data-tip]` in app/globals.css), not the Radix one of ui/icon-button.tsx: a long
 * conversation has hundreds of these, and a Radix tooltip each (a dozen components and their
 * hooks per button) cost the 500-message page ~0.5 s of rendering and hydration
 * (docs/ui-benchmarks.md). Screen readers read the label; the tooltip is for the eyes.
 */
export function ActionButton({
  label,
  side = "top",
  children,
  ...props
}: Omit<ButtonProps, "children" | "aria-label"> & {
  label: string;
  /** Where the tooltip shows: above, or below where above would be cut off. */
  side?: "top" | "bottom";
  children: ReactNode;
}) {
  return (
    <Button
      aria-label={label}
      data-tip={label}
      data-tip-side={side}
      variant="quiet"
      size="icon-xs"
      {...props}
    >
      {children}
    </Button>
  );
}
