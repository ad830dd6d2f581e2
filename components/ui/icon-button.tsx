"use client";

import type { FocusEvent, ReactNode } from "react";
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
 * on keyboard focus. On a touch screen the label is read by screen readers; the icon is the one
 * sighted people see.
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
      <TooltipTrigger asChild onFocus={openOnlyOnVisibleFocus}>
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

/** The element `focusWithoutTooltip` is focusing, while it does (focus events are synchronous). */
let focusingQuietly: HTMLElement | undefined;

/**
 * Puts the focus back on a button without opening its tooltip, as a closing drawer does: the
 * person did not move there, the page put them back. The focus ring still shows where they are.
 */
export function focusWithoutTooltip(element: HTMLElement) {
  focusingQuietly = element;
  try {
    element.focus();
  } finally {
    focusingQuietly = undefined;
  }
}

/**
 * Radix opens a tooltip on any focus but one from pressing its own button: also when a closing
 * drawer or menu hands the focus back. Here only a focus the browser shows (`:focus-visible`, the
 * keyboard's) and that the page did not put back opens it; with the default prevented, Radix's
 * own handler skips its opening.
 */
function openOnlyOnVisibleFocus(event: FocusEvent<HTMLElement>) {
  const element = event.currentTarget;
  if (element === focusingQuietly || !element.matches(":focus-visible")) event.preventDefault();
}
