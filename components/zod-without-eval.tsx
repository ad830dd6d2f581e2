"use client";

import { z } from "zod";

// zod compiles its object parsers with `new Function` where it may, and probes for that on first
// use. The pages' Content-Security-Policy allows no eval, so the probe is refused — harmlessly,
// but each page then reports a violation. Telling zod up front keeps the reports for real ones.
z.config({ jitless: true });

/** Rendered once by the root layout, so that every page's bundle sets zod up first. */
export function ZodWithoutEval() {
  return null;
}
