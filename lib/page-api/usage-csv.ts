/** One row of the usage report as the admin page shows it: the person and model by name. */
export interface NamedUsageRow {
  day: string;
  person: string;
  model: string;
  messages: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * The usage report as CSV (RFC 4180): a header line, then one line per person, model and day.
 * Every text field is quoted; one that a spreadsheet would read as a formula is prefixed with `'`.
 */
export function usageCsv(rows: readonly NamedUsageRow[]): string {
  const lines = [["day", "person", "model", "messages", "input_tokens", "output_tokens"].join(",")];
  for (const row of rows) {
    lines.push(
      [
        text(row.day),
        text(row.person),
        text(row.model),
        row.messages,
        row.inputTokens,
        row.outputTokens,
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

function text(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}
