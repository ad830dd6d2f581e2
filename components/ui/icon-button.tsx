"use client";

import type { ReactNode } from "react";
import { Button, type ButtonProps } from "./button";
import { Tooltip, TooltipContent, TooltipTrigger } from "./tooltip";

export type IconButtonProps = Omit<ButtonProps, "children" | "aria-label"> & {
  /** Its accessible name and its tooltip: what a click does ("Copy", "Regenerate"). */
  label: string;
  /** The icon (a lucide-react icon, usually). */
  children: ReactNode;
  /** A key that does the same, shown in the tooltip ("Ctrl+Shift+O"). */
  shortcut?: string;
  tooltipSide?: "top" | "right" | "bottom" | "left";
};

/**
 * A button that shows only an icon: its label is its accessible name, and a tooltip on hover and
 * on keyboard focus (Radix opens it on focus too). On a touch screen the label is read by screen
 * readers; the icon is the one sighted people see.
 */
export function IconButton({
  label,
  shortcut,
  tooltipSide = "top",
  variant = "ghost",
  size = "icon-sm",
  children,
  ...props
}: IconButtonProps) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <Button aria-label={label} variant={variant} size={size} {...props}>
          {children}
        </Button>
      </TooltipTrigger>
      <TooltipContent side={tooltipSide}>
        {label}
        {shortcut && <kbd className="ml-2 font-sans opacity-70">{shortcut}</kbd>}
      </TooltipContent>
    </Tooltip>
  );
}
