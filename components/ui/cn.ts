import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names, the conditional ones included, and lets a later Tailwind class replace an
 * earlier one of the same property (`cn("px-2", "px-4")` is `px-4`): a component's defaults can be
 * overridden by its caller's className.
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
