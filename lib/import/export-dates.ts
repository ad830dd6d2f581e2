/**
 * Dates as the exports write them. Epoch numbers come in seconds (ChatGPT's `create_time`, Open
 * WebUI's `created_at` and message `timestamp`) but some versions of Open WebUI write
 * milliseconds or nanoseconds, so the unit is told from the size: seconds up to the year 5138,
 * then milliseconds, microseconds, nanoseconds. A date that cannot be read is left out rather
 * than failing the conversation: dates are a nicety, the messages are what matters.
 */
export function dateFromEpoch(value: number | null | undefined): Date | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return undefined;
  const ms =
    value < 1e11 ? value * 1000 : value < 1e14 ? value : value < 1e17 ? value / 1e3 : value / 1e6;
  return validDate(new Date(ms));
}

/** An ISO 8601 date (Claude's `created_at`), or nothing. */
export function dateFromIso(value: string | null | undefined): Date | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  return validDate(new Date(value));
}

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}
